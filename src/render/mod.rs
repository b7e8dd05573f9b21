//! Output formats, one file each. Renderers only format [`Diagnostic`]s; they never
//! decide what is wrong.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod remediation;
pub mod sarif;
pub mod stream;
pub mod summary;
