// GVariant, the serialisation OSTree uses for every metadata object.
//   type.ts         type strings -> alignment and fixed size
//   serialize.ts    JS values -> normal-form bytes
//   deserialize.ts  bytes -> JS values, strictly checked
export { parseType, alignTo, type GVType } from './type.js';
export { serialize, offsetSizeFor, type Variant } from './serialize.js';
export { deserialize, offsetSizeOf } from './deserialize.js';
