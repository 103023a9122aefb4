//! Lenient scalars: the field types of values whose shape Cashfree's pages disagree on.
//!
//! A field gets one of these types when the overlay marks it `x-vkyc-lenient` (see the README):
//! [`Id`] for "integer or string", [`Date`] for "date or date-time", [`OrEmpty`] for "an empty
//! string means absent". Each accepts every listed shape, keeps what was received so that it
//! serializes back to the same JSON, and gives a typed view of it.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An identifier Cashfree sends as a JSON integer in some places and as a string in others
/// (`"user_reference_id": 11174` or `"11174"`). It keeps the text and the shape it came in.
///
/// ```
/// use vkyc_runtime::lenient::Id;
///
/// let number: Id = serde_json::from_str("11174").unwrap();
/// let text: Id = serde_json::from_str(r#""11174""#).unwrap();
/// assert_eq!(number.as_i64(), Some(11174));
/// assert_eq!(number.as_str(), text.as_str());
/// assert_eq!(serde_json::to_string(&text).unwrap(), r#""11174""#);
/// assert_eq!(serde_json::to_string(&number).unwrap(), "11174");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id {
    text: String,
    number: bool,
}

impl Id {
    /// The id as text, whichever shape it came in.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The id as a number, if it is one (a string of digits counts).
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// Whether it was sent as a JSON number rather than a string.
    pub fn is_number(&self) -> bool {
        self.number
    }
}

impl From<i64> for Id {
    fn from(n: i64) -> Self {
        Id {
            text: n.to_string(),
            number: true,
        }
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Id {
            text: text.to_owned(),
            number: false,
        }
    }
}

impl From<String> for Id {
    fn from(text: String) -> Self {
        Id {
            text,
            number: false,
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Id {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Id::from(text))
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.number {
            if let Ok(n) = self.text.parse::<i64>() {
                return serializer.serialize_i64(n);
            }
            if let Ok(n) = self.text.parse::<u64>() {
                return serializer.serialize_u64(n);
            }
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (an integer or a string)")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Id, E> {
                Ok(Id::from(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Id, E> {
                Ok(Id {
                    text: n.to_string(),
                    number: true,
                })
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Id, E> {
                Ok(Id::from(text))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Id, E> {
                Ok(Id::from(text))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A date or a date-time, in whichever of the shapes Cashfree uses for the field: `2025-06-21`,
/// `2025-08-03T00:00:00.000Z`, `2025-05-07T15:04:05+05:30`, `2025-05-06 15:04:05`,
/// `2024-02-02 17:30:00 IST`, `02-02-1995`. It keeps the text as received (so it serializes back
/// unchanged) and parses on demand; text in no known shape is kept too, and its accessors give `None`.
///
/// ```
/// use vkyc_runtime::lenient::Date;
///
/// let date: Date = serde_json::from_str(r#""2025-06-21""#).unwrap();
/// let time: Date = serde_json::from_str(r#""2025-08-03T00:00:00.000Z""#).unwrap();
/// assert_eq!(date.as_date(), time.as_date().map(|d| d - chrono::Days::new(43)));
/// assert_eq!(date.as_datetime(), None); // a date has no time of day
/// assert_eq!(time.as_datetime().unwrap().timestamp(), 1754179200);
/// assert_eq!(serde_json::to_string(&time).unwrap(), r#""2025-08-03T00:00:00.000Z""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    text: String,
}

/// India Standard Time, UTC+05:30: the zone Cashfree's `IST` suffix names.
fn ist() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).expect("a valid offset")
}

impl Date {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The calendar date: the whole value of a date, the date part of a date-time (as written,
    /// not converted to UTC).
    pub fn as_date(&self) -> Option<NaiveDate> {
        let t = self.text.trim();
        let head = t.get(..10).unwrap_or(t);
        NaiveDate::parse_from_str(head, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(head, "%d-%m-%Y"))
            .ok()
    }

    /// The date and time as written, without its zone: `None` for a date without a time.
    pub fn as_naive_datetime(&self) -> Option<NaiveDateTime> {
        if let Some(zoned) = self.as_datetime() {
            return Some(zoned.naive_local());
        }
        let t = self.text.trim();
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    }

    /// The instant, for a date-time that carries its zone (`Z`, an offset, or `IST`); `None` for
    /// a date, or a date-time without a zone (`2025-05-06 15:04:05`: see
    /// [`as_naive_datetime`](Self::as_naive_datetime)).
    pub fn as_datetime(&self) -> Option<DateTime<FixedOffset>> {
        let t = self.text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Some(dt);
        }
        if let Ok(dt) = DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f%:z") {
            return Some(dt);
        }
        let local = t.strip_suffix(" IST")?;
        NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S%.f")
            .ok()?
            .and_local_timezone(ist())
            .single()
    }

    /// Whether the value has a time of day.
    pub fn has_time(&self) -> bool {
        self.as_naive_datetime().is_some()
    }

    /// The start of the day of a date, or the time of a date-time, whichever the value is; in the
    /// value's zone, else `zone` (e.g. IST for Cashfree's zoneless values).
    pub fn at_or_start_of_day(&self, zone: FixedOffset) -> Option<DateTime<FixedOffset>> {
        if let Some(dt) = self.as_datetime() {
            return Some(dt);
        }
        let naive = self
            .as_naive_datetime()
            .or_else(|| Some(self.as_date()?.and_time(NaiveTime::MIN)))?;
        naive.and_local_timezone(zone).single()
    }
}

impl From<&str> for Date {
    fn from(text: &str) -> Self {
        Date {
            text: text.to_owned(),
        }
    }
}

impl From<String> for Date {
    fn from(text: String) -> Self {
        Date { text }
    }
}

impl std::str::FromStr for Date {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Date::from(text))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Date::from)
    }
}

/// A value where Cashfree sends `""` to mean "none" (its webhooks do, where the API sends `null`
/// or leaves the field out). `Empty` serializes back to `""`; [`get`](Self::get) treats it as absent.
///
/// ```
/// use vkyc_runtime::lenient::{Date, OrEmpty};
///
/// let none: OrEmpty<Date> = serde_json::from_str(r#""""#).unwrap();
/// let some: OrEmpty<Date> = serde_json::from_str(r#""2025-07-19T14:30:00Z""#).unwrap();
/// assert_eq!(none.get(), None);
/// assert!(some.get().unwrap().as_datetime().is_some());
/// assert_eq!(serde_json::to_string(&none).unwrap(), r#""""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrEmpty<T> {
    /// `""`: no value.
    Empty,
    /// Any other value.
    Value(T),
}

impl<T> OrEmpty<T> {
    /// The value; `None` for `""`.
    pub fn get(&self) -> Option<&T> {
        match self {
            OrEmpty::Empty => None,
            OrEmpty::Value(v) => Some(v),
        }
    }

    /// The value; `None` for `""`.
    pub fn into_option(self) -> Option<T> {
        match self {
            OrEmpty::Empty => None,
            OrEmpty::Value(v) => Some(v),
        }
    }

    /// Whether Cashfree sent `""`.
    pub fn is_empty(&self) -> bool {
        matches!(self, OrEmpty::Empty)
    }
}

impl<T> From<T> for OrEmpty<T> {
    fn from(value: T) -> Self {
        OrEmpty::Value(value)
    }
}

impl<T: fmt::Display> fmt::Display for OrEmpty<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrEmpty::Empty => Ok(()),
            OrEmpty::Value(v) => v.fmt(f),
        }
    }
}

impl<T: Serialize> Serialize for OrEmpty<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OrEmpty::Empty => serializer.serialize_str(""),
            OrEmpty::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for OrEmpty<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if value.as_str() == Some("") {
            return Ok(OrEmpty::Empty);
        }
        T::deserialize(value)
            .map(OrEmpty::Value)
            .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(json: &str) -> T {
        let value: T = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        value
    }

    #[test]
    fn ids_keep_their_shape_and_text() {
        let n: Id = round_trip("11174");
        let s: Id = round_trip(r#""11174""#);
        let big: Id = round_trip("18446744073709551615");
        let word: Id = round_trip(r#""USR-1""#);
        assert!(n.is_number() && !s.is_number() && big.is_number());
        assert_eq!(
            (n.as_i64(), s.as_i64(), word.as_i64()),
            (Some(11174), Some(11174), None)
        );
        assert_eq!(n.to_string(), "11174");
        assert!(serde_json::from_str::<Id>("1.5").is_err());
        assert!(serde_json::from_str::<Id>("{}").is_err());
    }

    #[test]
    fn every_documented_date_shape_reads() {
        let d = |s: &str| Date::from(s);
        let ymd = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        // Inconsistencies 3, 16: date and date-time.
        assert_eq!(d("2025-06-21").as_date(), ymd(2025, 6, 21));
        assert!(!d("2025-06-21").has_time());
        let utc = d("2025-08-03T00:00:00.000Z");
        assert_eq!(utc.as_date(), ymd(2025, 8, 3));
        assert_eq!(utc.as_datetime().unwrap().timestamp(), 1_754_179_200);
        // Inconsistency 14: three shapes of last_verified_at.
        let zoneless = d("2025-05-06 15:04:05");
        assert_eq!(zoneless.as_datetime(), None);
        assert_eq!(
            zoneless.as_naive_datetime().unwrap().to_string(),
            "2025-05-06 15:04:05"
        );
        assert_eq!(
            zoneless.at_or_start_of_day(ist()).unwrap().to_rfc3339(),
            "2025-05-06T15:04:05+05:30"
        );
        assert!(d("2025-05-07T15:04:05Z").as_datetime().is_some());
        // Inconsistency 21: expires_at with IST, expiry with an offset.
        let ist_value = d("2024-02-02 17:30:00 IST").as_datetime().unwrap();
        assert_eq!(ist_value.to_rfc3339(), "2024-02-02T17:30:00+05:30");
        let offset = d("2025-05-05T18:01:05+05:30").as_datetime().unwrap();
        assert_eq!(offset.offset(), ist_value.offset());
        // Inconsistency 15: dob as DD-MM-YYYY and as YYYY-MM-DD.
        assert_eq!(d("02-02-1995").as_date(), ymd(1995, 2, 2));
        assert_eq!(d("1990-01-01").as_date(), ymd(1990, 1, 1));
        // Anything else is kept, and reads as nothing.
        let odd: Date = round_trip(r#""next tuesday""#);
        assert_eq!((odd.as_date(), odd.as_datetime()), (None, None));
        assert_eq!(
            d("2025-06-21")
                .at_or_start_of_day(ist())
                .unwrap()
                .to_rfc3339(),
            "2025-06-21T00:00:00+05:30"
        );
    }

    #[test]
    fn empty_means_absent_and_round_trips() {
        let e: OrEmpty<String> = round_trip(r#""""#);
        let v: OrEmpty<String> = round_trip(r#""https://x""#);
        assert_eq!(
            (e.get(), v.get().map(String::as_str)),
            (None, Some("https://x"))
        );
        let id: OrEmpty<Id> = round_trip("7");
        assert_eq!(id.get().and_then(Id::as_i64), Some(7));
        let err = serde_json::from_str::<OrEmpty<Id>>("[]").unwrap_err();
        assert!(err.to_string().contains("an id"), "{err}");
    }
}
