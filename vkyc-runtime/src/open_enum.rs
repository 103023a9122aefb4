//! Open enums: the one implementation behind every enum of values Cashfree sends (statuses,
//! sub-statuses, webhook event types, enums in response bodies).
//!
//! A closed enum turns one new value from Cashfree into a failed call. An open enum has a variant
//! per known value and `Unknown(String)`, which keeps any other value byte for byte through
//! `FromStr`, serde and `Display`. Generated code only lists the values; everything else is this
//! macro, so every open enum behaves the same.
//!
//! ```
//! vkyc_runtime::open_enum! {
//!     /// A channel.
//!     pub enum Channel ("the example") {
//!         /// Text message.
//!         Sms = "SMS",
//!     }
//! }
//! assert_eq!("SMS".parse::<Channel>().unwrap(), Channel::Sms);
//! let new: Channel = serde_json::from_str(r#""sms""#).unwrap();
//! assert_eq!(new, Channel::Unknown("sms".into()));
//! assert_eq!(serde_json::to_string(&new).unwrap(), r#""sms""#);
//! assert_eq!(new.to_string(), "sms");
//! ```

/// Declares an open enum: the listed variants, each with its wire string, plus `Unknown(String)`.
/// The string in parentheses names where the known values come from, for the docs.
///
/// The enum gets `KNOWN`, `as_str`, `from_known` (no allocation), `parse` (never fails),
/// `is_known`, `FromStr` (`Infallible`), `From<&str>`, `From<String>`, `Display` and serde impls
/// that read and write the plain string.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($source:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Open: a value this version of the crate does not know parses to `Unknown` and serializes back
        /// to the same string, so new Cashfree codes never break deserialization.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            #[doc = concat!(" A value not in ", $source, ", kept exactly as received.")]
            Unknown(::std::string::String),
        }

        impl $name {
            #[doc = concat!(" Every known value, in the order of ", $source, ".")]
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant ),* ];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $code, )*
                    $name::Unknown(other) => other,
                }
            }

            #[doc = concat!(" The known value for `code`, without allocating; `None` for a code not in ", $source, ".")]
            pub fn from_known(code: &str) -> ::std::option::Option<Self> {
                match code {
                    $( $code => ::std::option::Option::Some($name::$variant), )*
                    _ => ::std::option::Option::None,
                }
            }

            /// Parses any string; unknown codes become `Unknown`. Never fails.
            pub fn parse(code: &str) -> Self {
                Self::from_known(code).unwrap_or_else(|| $name::Unknown(code.to_owned()))
            }

            #[doc = concat!(" Whether ", $source, " has this value.")]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(code: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::parse(code))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(code: &str) -> Self {
                Self::parse(code)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(code: ::std::string::String) -> Self {
                Self::from_known(&code).unwrap_or($name::Unknown(code))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::open_enum::__serde::Serialize for $name {
            fn serialize<S: $crate::open_enum::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::open_enum::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::open_enum::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str($crate::open_enum::Visitor::<$name>::new(
                    concat!("a string (", $source, " or any other value)"),
                ))
            }
        }
    };
}

/// serde, for the macro's expansion in crates that do not depend on it.
#[doc(hidden)]
pub use serde as __serde;

/// The serde visitor of every open enum: borrowed strings parse without allocating for known values.
#[doc(hidden)]
pub struct Visitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> Visitor<T> {
    pub const fn new(expecting: &'static str) -> Self {
        Self {
            expecting,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<T, E> {
        Ok(T::from(code))
    }

    fn visit_string<E: serde::de::Error>(self, code: String) -> Result<T, E> {
        Ok(T::from(code))
    }
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// Test enum.
        pub enum Mode ("the test list") {
            /// a
            Sms = "SMS",
            /// b
            Whatsapp = "WHATSAPP",
        }
    }

    #[test]
    fn known_and_unknown_values_round_trip_byte_for_byte() {
        for raw in ["SMS", "WHATSAPP", "EMAIL", "sms", "", "ünïcode \"quoted\""] {
            let json = serde_json::to_string(raw).unwrap();
            let parsed: Mode = serde_json::from_str(&json).unwrap();
            assert_eq!(parsed.is_known(), raw == "SMS" || raw == "WHATSAPP");
            assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
            assert_eq!(parsed.to_string(), raw);
            assert_eq!(raw.parse::<Mode>().unwrap(), parsed);
            assert_eq!(Mode::from(raw.to_owned()), parsed);
        }
        assert_eq!(Mode::KNOWN, [Mode::Sms, Mode::Whatsapp]);
        assert_eq!(Mode::from_known("EMAIL"), None);
    }

    #[test]
    fn a_non_string_is_a_decode_error_naming_the_source() {
        let err = serde_json::from_str::<Mode>("3").unwrap_err().to_string();
        assert!(err.contains("the test list"), "{err}");
    }
}
