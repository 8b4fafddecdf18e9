// adc_serial.ino - Arduino (Due, or any board with analog pins) ADC over USB serial for expmon.
//
// Protocol (see ../PROTOCOL.md), 115200 baud, 8N1, ASCII lines:
//   host  -> board:  ?<seq>\n                 seq: decimal 0..65535
//   board -> host:   $A,<seq>,<A0>,...,<A11>*<CRC>\r\n
//   at boot:         $H,adc_serial,1*<CRC>\r\n
// CRC is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of the bytes between '$' and '*',
// as four upper-case hex digits. Every pin is read twice and the second reading kept.
// Lines that are not a request are ignored.

static const uint8_t PINS = 12;
static const uint8_t RESOLUTION_BITS = 12;
static char request[16];
static uint8_t requestLength = 0;
static bool overflow = false;

static uint16_t crc16(const char *data, size_t length) {
  uint16_t crc = 0xFFFF;
  for (size_t i = 0; i < length; i++) {
    crc ^= (uint16_t)(uint8_t)data[i] << 8;
    for (uint8_t bit = 0; bit < 8; bit++) {
      crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
  }
  return crc;
}

static void sendFrame(const char *payload) {
  char crcText[5];
  snprintf(crcText, sizeof(crcText), "%04X", crc16(payload, strlen(payload)));
  Serial.print('$');
  Serial.print(payload);
  Serial.print('*');
  Serial.print(crcText);
  Serial.print("\r\n");
}

static uint16_t readPin(uint8_t pin) {
  analogRead(pin);
  return analogRead(pin);
}

static void answer(long seq) {
  char payload[8 + PINS * 6];
  int n = snprintf(payload, sizeof(payload), "A,%ld", seq);
  for (uint8_t i = 0; i < PINS; i++) {
    n += snprintf(payload + n, sizeof(payload) - n, ",%u", (unsigned)readPin(A0 + i));
  }
  sendFrame(payload);
}

void setup() {
#if defined(ARDUINO_ARCH_SAM) || defined(ARDUINO_ARCH_SAMD)
  analogReadResolution(RESOLUTION_BITS);
#endif
  Serial.begin(115200);
  sendFrame("H,adc_serial,1");
}

void loop() {
  while (Serial.available()) {
    char c = (char)Serial.read();
    if (c == '\r') continue;
    if (c != '\n') {
      if (requestLength < sizeof(request) - 1) request[requestLength++] = c;
      else overflow = true;
      continue;
    }
    request[requestLength] = '\0';
    bool valid = !overflow && requestLength >= 2 && request[0] == '?';
    long seq = 0;
    for (uint8_t i = 1; valid && i < requestLength; i++) {
      if (request[i] < '0' || request[i] > '9') valid = false;
      else seq = seq * 10 + (request[i] - '0');
    }
    if (valid && seq <= 65535) answer(seq);
    requestLength = 0;
    overflow = false;
  }
}
