export { ArduinoAdc, type ArduinoAdcOptions } from './ArduinoAdc.js';
export { SerialAdc, type SerialAdcOptions, type SerialAdcStats } from './SerialAdc.js';
export { AdcChannel, type AdcChannelOptions } from './AdcChannel.js';
export { AdcBoardBase } from './AdcBoardBase.js';
export type { AdcSample, AdcBoard } from './AdcSample.js';
export { adcConversion, rawToVolts, DEFAULT_ADC_CONVERSION, type AdcConversion } from './AdcConversion.js';
export { parseAdcAnswer, ADC_INO_PINS, ADC_INO_ANSWER_BYTES } from './parseAdcAnswer.js';
export { fetchAdcAnswer, type FetchAdcAnswerOptions } from './fetchAdcAnswer.js';
export {
  encodeSerialAdcFrame,
  parseSerialAdcFrame,
  SerialFrameSyntaxError,
  MAX_SERIAL_SEQ,
  type SerialAdcFrame,
} from './serialAdcFrame.js';
export { crc16Ccitt } from './crc16Ccitt.js';
export { Tpg261, type Tpg261Options } from './Tpg261.js';
export { parseTpg261Answer, type Tpg261Answer } from './parseTpg261Answer.js';

export { CorruptFrameError } from './errors/CorruptFrameError.js';
export { GaugeUnderrangeError } from './errors/GaugeUnderrangeError.js';
export { GaugeOverrangeError } from './errors/GaugeOverrangeError.js';
export { GaugeSensorError } from './errors/GaugeSensorError.js';
export { GaugeSensorOffError } from './errors/GaugeSensorOffError.js';
export { GaugeNoSensorError } from './errors/GaugeNoSensorError.js';
export { GaugeIdentificationError } from './errors/GaugeIdentificationError.js';
export { SerialportUnavailableError } from './errors/SerialportUnavailableError.js';
