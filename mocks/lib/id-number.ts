/**
 * Chinese resident identity numbers (GB 11643-1999): six region digits, the birth date as
 * YYYYMMDD, a three-digit sequence (odd for men, even for women) and a check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Computes the check character for the first 17 digits of an identity number.
 * @throws Error when `first17` is not exactly 17 digits.
 */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('an identity number body is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Builds a well-formed identity number.
 * @param region six-digit administrative division code, e.g. `"310115"`.
 * @param dateOfBirth `YYYY-MM-DD`.
 * @param sequence 0–999; its parity encodes the sex.
 */
export function makeIdNumber(region: string, dateOfBirth: string, sequence: number): string {
  const body = `${region}${dateOfBirth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
}

/** True when the number has 18 characters, a real birth date and a correct check character. */
export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate =
    year >= 1900 &&
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day;
  return realDate && idCheckCharacter(idNumber.slice(0, 17)) === idNumber[17];
}
