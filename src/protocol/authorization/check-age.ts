/**
 * MedMij age rule: the person must be at least 16 on the day of the request.
 * "The day" is the calendar day in the Netherlands (Europe/Amsterdam).
 */
export const MINIMUM_AGE = 16;

const DUTCH_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" });

/** A YYYY-MM-DD string that is a real calendar date. */
export function parseBirthDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** Full years between the birth date and the Dutch calendar day of `now`. */
export function ageOn(birthDate: string, now: Date): number | undefined {
  const b = parseBirthDate(birthDate);
  if (!b) return undefined;
  const [y, m, d] = DUTCH_DATE.format(now).split("-").map(Number) as [number, number, number];
  let age = y - b.year;
  if (m < b.month || (m === b.month && d < b.day)) age -= 1;
  return age;
}

export function isOldEnough(birthDate: string, now: Date, minimumAge = MINIMUM_AGE): boolean {
  const age = ageOn(birthDate, now);
  return age !== undefined && age >= minimumAge;
}
