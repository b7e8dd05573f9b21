//! The rule expression language (stub: being implemented).
