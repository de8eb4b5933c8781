//! Windows services.

use super::Spanned;

/// One Windows service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Short name (`PFXCertificateConnectorSvc`).
    pub name: Spanned<String>,
    /// Display name (`Intune Connector Service`).
    pub display_name: Option<Spanned<String>>,
    /// State: `Running`, `Stopped`, `StartPending`, `StopPending`, `ContinuePending`,
    /// `PausePending`, `Paused`.
    pub status: Option<Spanned<String>>,
    /// Start type: `Boot`, `System`, `Automatic`, `Manual`, `Disabled`.
    pub start_type: Option<Spanned<String>>,
    /// The logon account (`LocalSystem`, `CONTOSO\svc-ndes`), when the export has it.
    pub account: Option<Spanned<String>>,
}
