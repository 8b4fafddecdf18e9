// adc_tcp.ino - Arduino Due + Ethernet shield (W5100/W5500) ADC server for expmon.
//
// Protocol (the same as the lab's original adc.ino, see ../PROTOCOL.md):
//   TCP server on port 6574. A client connects and sends one byte (any value).
//   The board answers 24 bytes: A0..A11, each a 12-bit reading as two bytes,
//   high byte first, then closes the connection.
//   Every pin is read twice and the second reading is kept (the Due's ADC
//   multiplexer needs one conversion to settle after switching pins).
//
// Set MAC and IP below for your network before flashing.

#include <SPI.h>
#include <Ethernet.h>

static byte MAC[] = {0xDE, 0xAD, 0xBE, 0xEF, 0x65, 0x74};
static IPAddress IP(10, 0, 0, 7);
static const uint16_t PORT = 6574;
static const uint8_t PINS = 12;
static const unsigned long CLIENT_TIMEOUT_MS = 1000;

EthernetServer server(PORT);

void setup() {
  analogReadResolution(12);
  Ethernet.begin(MAC, IP);
  server.begin();
}

static uint16_t readPin(uint8_t pin) {
  analogRead(pin);          // first conversion after switching the multiplexer: discard
  return analogRead(pin);   // keep the second
}

void loop() {
  EthernetClient client = server.available();
  if (!client) return;

  // Wait for the request byte (any value), but not forever.
  unsigned long start = millis();
  while (client.connected() && !client.available()) {
    if (millis() - start > CLIENT_TIMEOUT_MS) {
      client.stop();
      return;
    }
  }
  while (client.available()) client.read();  // consume the request

  uint8_t answer[PINS * 2];
  for (uint8_t i = 0; i < PINS; i++) {
    uint16_t value = readPin(A0 + i) & 0x0FFF;
    answer[2 * i] = (uint8_t)(value >> 8);
    answer[2 * i + 1] = (uint8_t)(value & 0xFF);
  }
  client.write(answer, sizeof(answer));  // one write; TCP may still split it
  client.flush();
  delay(1);
  client.stop();                          // the close marks the end of the answer
}
