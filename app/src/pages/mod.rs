//! One module per screen.

mod about;
mod join;
mod my_reports;
mod new_report;
mod report_form;
mod settings;
mod share;

pub use about::About;
pub use join::Join;
pub use my_reports::MyReports;
pub use new_report::NewReport;
pub use report_form::EditReport;
pub use settings::Settings;
pub use share::Share;
