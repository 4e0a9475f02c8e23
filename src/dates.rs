//! When the customer wrote: the date of an e-mail attribution line or of a forwarded header
//! block ("On Mon, 3 Feb 2025 at 10:15, Anna wrote:", "Am 03.02.2025 um 10:15 schrieb Anna:",
//! "пн, 3 февр. 2025 г. в 10:15, Анна:", "Sent: Monday, February 3, 2025 10:15 AM").

/// A moment, in seconds since 1970-01-01 00:00: UTC when `zoned`, else the writer's local time
/// (an attribution line rarely gives its time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub seconds: i64,
    pub zoned: bool,
}

/// Now, in seconds since 1970 (UTC).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How far local time may be behind UTC (UTC−12): a moment without its zone may be this much
/// later than it reads as UTC.
const MOST_BEHIND_UTC: i64 = 12 * 3600;

impl Moment {
    /// A moment in UTC, such as an e-mail's `Date:`.
    pub fn utc(seconds: i64) -> Moment {
        Moment {
            seconds,
            zoned: true,
        }
    }

    /// Hours from `self` to `sent` (UTC seconds), the least it can be: a moment without its zone
    /// is taken in the zone furthest west.
    pub fn hours_until(self, sent: i64) -> f64 {
        let earliest_gap = if self.zoned { 0 } else { MOST_BEHIND_UTC };
        sent.saturating_sub(self.seconds)
            .saturating_sub(earliest_gap) as f64
            / 3600.0
    }
}

/// The date (and time) written in `line`, month names told by `month` (a folded word without
/// its dot → 1 to 12). Day, month and year must all be there: "3 Feb 2025", "Feb 3, 2025",
/// "3. veebr 2025", "03.02.2025" (day first), "2025-02-03", "2/3/2025". Without a time, the end
/// of the day is taken, so that the wait is never overstated. A slashed date may put the day
/// first or second: of its readings, the latest not after `sent` (when the reply is sent, UTC
/// seconds) is taken, or the latest when both are after it.
pub fn date_in(line: &str, month: impl Fn(&str) -> Option<u32>, sent: i64) -> Option<Moment> {
    let (mut day, mut mon, mut year) = (None, None, None);
    let mut swapped = false;
    let mut time: Option<(i64, i64)> = None;
    let mut offset: Option<i64> = None;
    for token in line.split(|c: char| c.is_whitespace() || c == ',') {
        if token.contains(['@', '<']) {
            break; // the writer's address: the date comes before it
        }
        let bare = token.trim_end_matches('.');
        if bare.is_empty() {
            continue;
        }
        if let Some((d, m, y, either)) = numeric_date(bare) {
            (day, mon, year, swapped) = (Some(d), Some(m), Some(y), either);
        } else if let Some((clock, rest)) = clock_time(bare) {
            time = time.or(Some(clock));
            if let Some(pm) = meridiem(rest) {
                time = time.map(|t| on_the_clock(t, pm));
            }
        } else if let Some(o) = zone_offset(bare).filter(|_| time.is_some()) {
            offset = Some(o);
        } else if let Some(pm) = meridiem(bare) {
            time = time.map(|t| on_the_clock(t, pm));
        } else if bare.len() == 4 && bare.bytes().all(|b| b.is_ascii_digit()) {
            year = year.or(bare.parse().ok().filter(|y| (1970..2200).contains(y)));
        } else if bare.len() <= 2 && bare.bytes().all(|b| b.is_ascii_digit()) {
            day = day.or(bare.parse().ok().filter(|d| (1..=31).contains(d)));
        } else if mon.is_none() {
            mon = month(&bare.to_lowercase());
        }
    }
    let (day, mon, year) = (day?, mon?, year?);
    let (hour, minute) = time.unwrap_or((23, 59));
    let at = |day: u32, mon: u32| {
        let local = days_from_civil(year, mon, day) * 86_400 + hour * 3600 + minute * 60;
        (day <= days_in_month(year, mon)).then_some(Moment {
            seconds: local - offset.unwrap_or(0),
            zoned: offset.is_some(),
        })
    };
    let readings = [at(day, mon), at(mon, day).filter(|_| swapped)];
    let latest = |before: bool| {
        (readings.iter().flatten())
            .filter(|m| !before || m.hours_until(sent) >= 0.0)
            .max_by_key(|m| m.seconds)
            .copied()
    };
    latest(true).or_else(|| latest(false))
}

/// "AM" (`false`) or "PM" (`true`), in any case, "a.m"/"p.m" too (their last dot is gone).
fn meridiem(word: &str) -> Option<bool> {
    match word.to_ascii_lowercase().as_str() {
        "am" | "a.m" => Some(false),
        "pm" | "p.m" => Some(true),
        _ => None,
    }
}

/// A 12-hour clock's `(hour, minute)` on the 24-hour clock: 12 AM is 0, 12 PM is 12.
fn on_the_clock((hour, minute): (i64, i64), pm: bool) -> (i64, i64) {
    (hour % 12 + if pm { 12 } else { 0 }, minute)
}

/// "03.02.2025", "3.2.25" (day first), "2025-02-03" (with a time after a `T`, which is left
/// out), "2/3/2025": day, month, year, and whether day and month may be the other way round
/// (a slashed date whose first two numbers are both 12 or less).
fn numeric_date(token: &str) -> Option<(u32, u32, i64, bool)> {
    let token = token.split_once('T').map_or(token, |(date, _)| date);
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = |y: &str| -> Option<i64> {
        let y = number(y).filter(|_| matches!(y.len(), 2 | 4))?;
        Some(if y < 100 { 2000 + y } else { y })
    };
    let parts = |sep: char| -> Vec<&str> { token.split(sep).collect() };
    let (dotted, dashed, slashed) = (parts('.'), parts('-'), parts('/'));
    let (d, m, y, either) = match (&dotted[..], &dashed[..], &slashed[..]) {
        (&[d, m, y], _, _) if d.len() <= 2 && m.len() <= 2 => {
            (number(d)?, number(m)?, year(y)?, false)
        }
        (_, &[y, m, d], _) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            (number(d)?, number(m)?, number(y)?, false)
        }
        (_, _, &[a, b, y]) if a.len() <= 2 && b.len() <= 2 => {
            let (a, b, y) = (number(a)?, number(b)?, year(y)?);
            match (a > 12, b > 12) {
                (true, true) => return None,
                (true, false) => (a, b, y, false),
                (false, true) => (b, a, y, false),
                (false, false) => (a, b, y, a != b),
            }
        }
        _ => return None,
    };
    let (d, m) = (u32::try_from(d).ok()?, u32::try_from(m).ok()?);
    ((1..=31).contains(&d) && (1..=12).contains(&m) && (1970..2200).contains(&y))
        .then_some((d, m, y, either))
}

/// "10:15", "10:15:30", "10:15AM": the hour and minute, and what follows the digits.
fn clock_time(token: &str) -> Option<((i64, i64), &str)> {
    let (h, rest) = token.split_once(':')?;
    let m = rest.get(..2)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if h.len() > 2 || !digits(h) || !digits(m) {
        return None;
    }
    let rest = rest[2..].trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(((h, m), rest))
}

/// "+0100", "-0500": a zone's offset from UTC in seconds.
fn zone_offset(token: &str) -> Option<i64> {
    let sign = match token.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &token[1..];
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(word: &str) -> Option<u32> {
        let names: [&[&str]; 12] = [
            &["jan", "january"],
            &["feb", "february", "февр", "февраля", "veebr"],
            &["mar", "march"],
            &["apr", "april"],
            &["may", "mai"],
            &["jun", "june"],
            &["jul", "july"],
            &["aug", "august"],
            &["sep", "september"],
            &["oct", "october"],
            &["nov", "november"],
            &["dec", "december"],
        ];
        (1..=12u32).find(|&m| names[m as usize - 1].contains(&word))
    }

    /// A send time after every date of the tests.
    const LATER: i64 = i64::MAX / 2;

    /// 2025-02-03 at `h`:`m`, local.
    fn feb3(h: i64, m: i64) -> Option<Moment> {
        Some(Moment {
            seconds: 1_738_540_800 + h * 3600 + m * 60,
            zoned: false,
        })
    }

    #[test]
    fn attribution_lines_give_their_date_and_time() {
        for line in [
            "On Mon, 3 Feb 2025 at 10:15, Anna <anna@example.com> wrote:",
            "On Mon, Feb 3, 2025 at 10:15 AM Anna <anna@example.com> wrote:",
            "Am 03.02.2025 um 10:15 schrieb Anna Berg:",
            "Am Mo., 3. Feb. 2025 um 10:15 Uhr schrieb Anna <anna@example.com>:",
            "пн, 3 февр. 2025 г. в 10:15, Анна <anna@example.com>:",
            "E, 3. veebr 2025 kell 10:15 kirjutas Anna <anna@example.com>:",
            "Sent: Monday, February 3, 2025 10:15 AM",
            "2025-02-03 10:15 GMT+01:00 Anna <anna@example.com>:",
            "On 3.2.25 10:15, Anna wrote:",
        ] {
            assert_eq!(date_in(line, month, LATER), feb3(10, 15), "{line}");
        }
        assert_eq!(
            date_in("On Mon, Feb 3, 2025 at 10:15 PM, Anna wrote:", month, LATER),
            feb3(22, 15)
        );
        assert_eq!(
            date_in("On Mon, Feb 3, 2025 at 12:05 AM, Anna wrote:", month, LATER),
            feb3(0, 5)
        );
    }

    #[test]
    fn a_slashed_date_is_read_as_it_can_be_before_the_reply() {
        let line = "On 2/3/2025 10:15 AM, Anna wrote:";
        let feb6 = feb3(12, 0).expect("a date").seconds + 3 * 86_400;
        // 2 March would be after the reply: 3 February it is.
        assert_eq!(date_in(line, month, feb6), feb3(10, 15));
        // Both before it: the later, so that the wait is never overstated.
        let mar2 = days_from_civil(2025, 3, 2) * 86_400 + 10 * 3600 + 15 * 60;
        assert_eq!(date_in(line, month, LATER).map(|m| m.seconds), Some(mar2));
        // Both after it: the later still (the reply is not late).
        assert_eq!(date_in(line, month, 0).map(|m| m.seconds), Some(mar2));
        // A number over 12 is the day.
        for line in [
            "On 3/2/2025 10:15, Anna wrote:",
            "On 2/3/25 10:15, Anna wrote:",
        ] {
            assert_eq!(date_in(line, month, feb6), feb3(10, 15), "{line}");
        }
        let feb13 = days_from_civil(2025, 2, 13) * 86_400 + 23 * 3600 + 59 * 60;
        for line in ["On 13/2/2025, Anna wrote:", "On 2/13/2025, Anna wrote:"] {
            assert_eq!(
                date_in(line, month, LATER).map(|m| m.seconds),
                Some(feb13),
                "{line}"
            );
        }
        assert_eq!(date_in("On 2/30/2025, Anna wrote:", month, LATER), None);
    }

    #[test]
    fn a_zone_makes_the_moment_utc() {
        let m = date_in(
            "On Mon, Feb 03, 2025 at 10:15:00AM +0100, Anna wrote:",
            month,
            LATER,
        );
        assert_eq!(
            m,
            Some(Moment {
                seconds: feb3(9, 15).expect("a date").seconds,
                zoned: true
            })
        );
    }

    #[test]
    fn without_a_time_the_day_ends() {
        assert_eq!(
            date_in("On 3 Feb 2025, Anna wrote:", month, LATER),
            feb3(23, 59)
        );
    }

    #[test]
    fn incomplete_or_ambiguous_dates_give_none() {
        for line in [
            "On Monday, Anna wrote:",
            "On 3 Feb, Anna wrote:",
            "On 13/13/2025 10:15 AM, Anna wrote:",
            "On 31 Feb 2025, Anna wrote:",
            "Anna <anna@example.com> wrote on 3 Feb 2025:",
            "",
        ] {
            assert_eq!(date_in(line, month, LATER), None, "{line}");
        }
    }

    #[test]
    fn the_least_wait_is_counted_without_a_zone() {
        let local = feb3(10, 0).expect("a date");
        let next_day = local.seconds + 36 * 3600;
        assert_eq!(local.hours_until(next_day), 24.0);
        let zoned = Moment {
            zoned: true,
            ..local
        };
        assert_eq!(zoned.hours_until(next_day), 36.0);
    }

    proptest::proptest! {
        #[test]
        fn any_line_reads_without_panicking(line in "\\PC{0,60}") {
            let _ = date_in(&line, month, LATER);
        }

        #[test]
        fn a_written_date_reads_back(
            y in 1970i64..2200, m in 1u32..=12, d in 1u32..=28, h in 0i64..24, min in 0i64..60,
        ) {
            let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
            let line = format!("On Mon, {d} {} {y} at {h}:{min:02}, Anna wrote:", names[m as usize - 1]);
            let expected = days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60;
            proptest::prop_assert_eq!(date_in(&line, month, LATER), Some(Moment { seconds: expected, zoned: false }));
        }
    }

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2025, 2, 3), 20_122);
        assert_eq!(
            days_from_civil(2024, 2, 29) + 1,
            days_from_civil(2024, 3, 1)
        );
    }
}
