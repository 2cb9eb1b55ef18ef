// Dates and numbers as a therapist reads them.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function parseDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso, days) {
  const date = parseDay(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

export function dayText(iso) {
  if (!iso) return "—";
  const date = parseDay(iso);
  return `${WEEKDAYS[(date.getUTCDay() + 6) % 7].slice(0, 3)} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function shortDay(iso) {
  const date = parseDay(iso);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

export function dateTimeText(isoDateTime) {
  return new Date(isoDateTime).toLocaleString(undefined, {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
  });
}

export function number(value, digits = 1) {
  if (value === null || value === undefined) return "—";
  return String(Number(Number(value).toFixed(digits)));
}

export function percent(value) {
  return value === null || value === undefined ? "—" : `${Math.round(value)}%`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// The last day with an entry, as what is true of the entries: "No entries for 12 days", never "inactive".
export function entriesText(iso, todayIso) {
  if (!iso) return "No entries yet";
  const days = Math.round((parseDay(todayIso) - parseDay(iso)) / 86400000);
  if (days <= 0) return "Entry today";
  if (days === 1) return "Last entry yesterday";
  return `No entries for ${days} days`;
}

export function todayIso() {
  const now = new Date();
  return isoDay(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
}
