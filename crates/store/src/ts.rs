//! [`Ts`]: the one timestamp type of the store. PostgreSQL keeps it as
//! `timestamptz`; SQLite as text in the fixed form
//! `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so that comparing and ordering text
//! compares and orders time (sqlx's own SQLite form varies in its digits).

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

const SQLITE_FORMAT: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// A UTC instant with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ts(OffsetDateTime);

impl Ts {
    /// Converts to UTC and truncates to whole microseconds (what PostgreSQL
    /// keeps), so a value reads back equal on both backends.
    #[must_use]
    pub fn new(t: OffsetDateTime) -> Self {
        let t = t.to_offset(time::UtcOffset::UTC);
        let micros = t.microsecond();
        Self(t.replace_microsecond(micros).unwrap_or(t))
    }

    /// The instant.
    #[must_use]
    pub const fn get(self) -> OffsetDateTime {
        self.0
    }

    fn to_sqlite_text(self) -> Result<String, BoxDynError> {
        Ok(self.0.format(SQLITE_FORMAT)?)
    }
}

impl From<OffsetDateTime> for Ts {
    fn from(t: OffsetDateTime) -> Self {
        Self::new(t)
    }
}

impl From<Ts> for OffsetDateTime {
    fn from(t: Ts) -> Self {
        t.0
    }
}

impl Type<Sqlite> for Ts {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for Ts {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <String as Encode<'_, Sqlite>>::encode(self.to_sqlite_text()?, buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Ts {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Sqlite>>::decode(value)?;
        let t = time::PrimitiveDateTime::parse(&text, SQLITE_FORMAT)?.assume_utc();
        Ok(Self(t))
    }
}

impl Type<Postgres> for Ts {
    fn type_info() -> PgTypeInfo {
        <OffsetDateTime as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Ts {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <OffsetDateTime as Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Ts {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self::new(<OffsetDateTime as Decode<'r, Postgres>>::decode(
            value,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn sqlite_text_has_fixed_width_so_text_order_is_time_order() {
        let a = Ts::new(datetime!(2026-01-02 03:04:05.1 UTC));
        let b = Ts::new(datetime!(2026-01-02 03:04:05.123456789 UTC));
        let (ta, tb) = (a.to_sqlite_text().unwrap(), b.to_sqlite_text().unwrap());
        assert_eq!(ta, "2026-01-02T03:04:05.100000Z");
        assert_eq!(tb, "2026-01-02T03:04:05.123456Z");
        assert!(ta < tb);
    }

    #[test]
    fn offsets_are_converted_to_utc_and_nanos_truncated() {
        let t = Ts::new(datetime!(2026-01-02 03:04:05.123456789 +01:00));
        assert_eq!(t.get(), datetime!(2026-01-02 02:04:05.123456 UTC));
    }
}
