//! The declarative rules (rules/rules.toml), compiled into the binary.
