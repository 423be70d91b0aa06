// Pax extended header data is a run of records "LEN KEY=VALUE\n" where LEN is the
// decimal byte length of the whole record, including LEN itself and the newline.
// Values are bytes: an xattr value may hold NULs, newlines or '=' and is found only
// by trusting LEN, never by scanning for '\n'. That is the reason this codec exists:
// npm tar libraries decode values as UTF-8 and corrupt binary xattrs.
import { tarError } from './tar-error.js';

export type PaxRecords = Array<[string, Buffer]>;

/** Parses pax data into [key, value] pairs in order; values are copies, not views. */
export function parsePax(data: Buffer, offset: number, path?: Buffer | null): PaxRecords {
  const records: PaxRecords = [];
  let pos = 0;
  while (pos < data.length) {
    // Writers may pad the data with NULs up to the block (some do); stop there.
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const lenText = space === -1 ? '' : data.toString('latin1', pos, space);
    if (!/^[0-9]{1,12}$/.test(lenText)) {
      throw tarError(`malformed pax record length at byte ${pos} of extended header`, { offset, path });
    }
    const len = Number(lenText);
    const end = pos + len;
    if (end > data.length || len <= space - pos + 1 || data[end - 1] !== 0x0a) {
      throw tarError(`pax record of length ${len} at byte ${pos} overruns or lacks its newline`, {
        offset,
        path,
      });
    }
    const eq = data.indexOf(0x3d, space + 1);
    if (eq === -1 || eq >= end - 1 || eq === space + 1) {
      throw tarError(`pax record at byte ${pos} has no KEY=`, { offset, path });
    }
    const key = data.toString('utf8', space + 1, eq);
    records.push([key, Buffer.from(data.subarray(eq + 1, end - 1))]);
    pos = end;
  }
  return records;
}
