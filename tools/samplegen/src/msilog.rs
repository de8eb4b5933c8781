//! `SetupMSI.log`: the verbose Windows Installer log the legacy NDES connector setup
//! (`NDESConnectorSetup.exe`) leaves in `C:\NDESConnectorSetup`.

use crate::winfmt::crlf_lines;

/// Product name and version the legacy connector's MSI reports.
const PRODUCT: &str = "Microsoft Intune Connector";
const VERSION: &str = "6.1711.4.0";
const PRODUCT_CODE: &str = "{6A5C3A1D-4E0B-4C1F-9E4D-2B7F0C8A1E35}";
const MSI_PATH: &str = r"C:\NDESConnectorSetup\NDESConnector.msi";

/// The message the connector setup shows when it was not run elevated.
pub const NOT_ELEVATED_MESSAGE: &str = "The password in the certificate request cannot be verified. \
     It may have been used already. Obtain a new password to submit with this request.";

/// How the install went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Installation completed, status 0.
    Success,
    /// The policy-module custom action failed with the not-elevated message; rolled back.
    NotElevated,
}

/// A monotonic wall clock for the log, starting at a fixed time of day.
struct Clock {
    ms: u32,
}

impl Clock {
    fn advance(&mut self, ms: u32) -> &mut Self {
        self.ms += ms;
        self
    }

    /// `[HH:MM:SS:mmm]` as in `MSI (s) (64:A0) [10:14:22:351]:`.
    fn stamp(&self) -> String {
        let (h, m, s, ms) = self.parts();
        format!("[{h:02}:{m:02}:{s:02}:{ms:03}]")
    }

    /// `HH:MM:SS` as in `Action start 10:14:22: INSTALL.`.
    fn short(&self) -> String {
        let (h, m, s, _) = self.parts();
        format!("{h:02}:{m:02}:{s:02}")
    }

    fn parts(&self) -> (u32, u32, u32, u32) {
        let secs = self.ms / 1000;
        (secs / 3600, secs / 60 % 60, secs % 60, self.ms % 1000)
    }
}

/// Line builder that keeps the client/server process and thread ids consistent.
struct Log {
    lines: Vec<String>,
    clock: Clock,
}

impl Log {
    fn client(&mut self, step_ms: u32, text: &str) {
        let stamp = self.clock.advance(step_ms).stamp();
        self.lines.push(format!("MSI (c) (2C:24) {stamp}: {text}"));
    }

    fn server(&mut self, step_ms: u32, text: &str) {
        let stamp = self.clock.advance(step_ms).stamp();
        self.lines.push(format!("MSI (s) (64:A0) {stamp}: {text}"));
    }

    /// Lines a custom action writes itself carry no prefix.
    fn plain(&mut self, text: &str) {
        self.lines.push(text.to_owned());
    }

    /// `Doing action` + `Action start` + `Action ended` for an action that just works.
    fn action(&mut self, name: &str) {
        self.action_start(name);
        self.action_end(5, name, 1);
    }

    fn action_start(&mut self, name: &str) {
        self.server(16, &format!("Doing action: {name}"));
        let short = self.clock.short();
        self.plain(&format!("Action start {short}: {name}."));
    }

    fn action_end(&mut self, step_ms: u32, name: &str, value: u32) {
        let short = self.clock.advance(step_ms).short();
        self.plain(&format!(
            "Action ended {short}: {name}. Return value {value}."
        ));
    }
}

/// The log of one run of the connector MSI on `date` (`M/D/YYYY`) starting at
/// `start` (`(h, m, s)`), granting `service_account` read access to the key of the
/// client-authentication certificate `thumbprint`.
pub fn setup_msi_log(
    outcome: Outcome,
    date: &str,
    start: (u32, u32, u32),
    service_account: &str,
    thumbprint: &str,
) -> String {
    let (h, m, s) = start;
    let mut log = Log {
        lines: Vec::new(),
        clock: Clock {
            ms: ((h * 60 + m) * 60 + s) * 1000 + 351,
        },
    };
    let started = log.clock.short();
    log.plain(&format!(
        "=== Verbose logging started: {date}  {started}  Build type: SHIP UNICODE 5.00.10011.00  Calling process: C:\\NDESConnectorSetup\\NDESConnectorSetup.exe ==="
    ));
    log.client(0, "Resetting cached policy values");
    log.client(0, "Machine policy value 'Debug' is 0");
    log.client(0, "******* RunEngine:");
    log.plain(&format!("           ******* Product: {MSI_PATH}"));
    log.plain("           ******* Action: ");
    log.plain("           ******* CommandLine: **********");
    log.client(
        15,
        "Client-side and UI is none or basic: Running entire install on the server.",
    );
    log.client(0, "Grabbed execution mutex.");
    log.client(31, "Cloaking enabled.");
    log.client(
        0,
        "Attempting to enable all disabled privileges before calling Install on Server",
    );
    log.client(
        16,
        "Incrementing counter to disable shutdown. Counter after increment: 0",
    );
    log.server(15, "Grabbed execution mutex.");
    log.server(0, "Resetting cached policy values");
    log.server(0, "Machine policy value 'Debug' is 0");
    log.server(16, "Machine policy value 'DisableUserInstalls' is 0");
    log.server(47, "SRSetRestorePoint skipped for this transaction.");
    log.server(
        15,
        &format!("Product Code passed to Engine.Initialize:           '{PRODUCT_CODE}'"),
    );
    log.server(
        0,
        &format!("Product Code from property table before transforms: '{PRODUCT_CODE}'"),
    );
    log.server(
        0,
        &format!("Product Code from property table after transforms:  '{PRODUCT_CODE}'"),
    );
    log.server(0, "Product not registered: beginning first-time install");
    log.server(
        0,
        "MSI_LUA: Credential prompt not required, user is an admin",
    );
    log.server(
        0,
        "PROPERTY CHANGE: Adding ProductState property. Its value is '-1'.",
    );
    log.server(0, "Doing action: INSTALL");
    let short = log.clock.short();
    log.plain(&format!("Action start {short}: INSTALL."));
    for action in [
        "FindRelatedProducts",
        "LaunchConditions",
        "CostInitialize",
        "FileCost",
        "CostFinalize",
        "InstallValidate",
        "InstallInitialize",
        "InstallFiles",
        "InstallServices",
        "StartServices",
        "RegisterProduct",
    ] {
        log.action(action);
    }
    log.action_start("InstallFinalize");
    log.server(62, "Running Script: C:\\Windows\\Installer\\MSI5C3E.tmp");
    log.server(938, "Invoking remote custom action. DLL: C:\\Windows\\Installer\\MSI7A21.tmp, Entrypoint: AddNDESToCertPrivKey");
    log.plain(&format!(
        "AddNDESToCertPrivKey: Giving read access to the account {service_account} on the private key of the cert with thumbprint: {thumbprint}"
    ));
    log.plain("AddNDESToCertPrivKey: Read access granted.");
    log.server(1422, "Invoking remote custom action. DLL: C:\\Windows\\Installer\\MSI7F43.tmp, Entrypoint: InstallNDESPolicyModule");
    log.plain("InstallNDESPolicyModule: Registering the Intune NDES policy module with the Network Device Enrollment Service.");

    let status = match outcome {
        Outcome::Success => {
            log.plain("InstallNDESPolicyModule: Policy module registered.");
            log.action_end(2214, "InstallFinalize", 1);
            log.action_end(16, "INSTALL", 1);
            log.server(
                0,
                &format!("Product: {PRODUCT} -- Installation completed successfully."),
            );
            0
        }
        Outcome::NotElevated => {
            log.plain(&format!("InstallNDESPolicyModule: {NOT_ELEVATED_MESSAGE}"));
            log.plain("CustomAction InstallNDESPolicyModule returned actual error code 1603 (note this may not be 100% accurate if translation happened inside sandbox)");
            log.action_end(1187, "InstallFinalize", 3);
            log.server(0, "User policy value 'DisableRollback' is 0");
            log.server(0, "Machine policy value 'DisableRollback' is 0");
            log.server(
                0,
                "Executing op: DialogInfo(Type=1,Argument=Microsoft Intune Connector)",
            );
            log.server(16, "Executing op: RollbackInfo(,RollbackAction=Rollback,RollbackDescription=Rolling back action:,RollbackTemplate=[1],CleanupAction=RollbackCleanup,CleanupDescription=Removing backup files,CleanupTemplate=File: [1])");
            for step in [
                "AddNDESToCertPrivKey",
                "Starting services",
                "Installing new services",
                "Copying new files",
            ] {
                log.plain(&format!("Rollback: {step}"));
            }
            log.server(312, "Executing op: FileRemove(,FileName=C:\\Program Files\\Microsoft Intune\\NDESConnectorSvc\\NDESConnector.exe,,)");
            log.action_end(15, "INSTALL", 3);
            log.server(0, "Note: 1: 1725 ");
            log.server(0, &format!("Product: {PRODUCT} -- Installation failed."));
            1603
        }
    };
    log.server(0, &format!(
        "Windows Installer installed the product. Product Name: {PRODUCT}. Product Version: {VERSION}. Product Language: 1033. Manufacturer: Microsoft Corporation. Installation success or error status: {status}."
    ));
    log.server(0, "Deferring clean up of packages/files, if any exist");
    log.server(0, &format!("MainEngineThread is returning {status}"));
    log.client(16, "Decrementing counter to disable shutdown. If counter >= 0, shutdown will be denied.  Counter after decrement: -1");
    log.client(0, &format!("MainEngineThread is returning {status}"));
    let stopped = log.clock.short();
    log.plain(&format!(
        "=== Verbose logging stopped: {date}  {stopped} ==="
    ));
    crlf_lines(&log.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_log_has_the_message_on_one_line_then_rollback() {
        let log = setup_msi_log(
            Outcome::NotElevated,
            "11/20/2026",
            (8, 51, 2),
            r"CORP\svc-ndes",
            "AB",
        );
        let lines: Vec<&str> = log.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains(NOT_ELEVATED_MESSAGE))
            .unwrap();
        assert!(lines[at..].iter().any(|l| l.ends_with("Return value 3.")));
        assert!(lines[at..].iter().any(|l| l.starts_with("Rollback: ")));
        assert!(log.contains("Installation success or error status: 1603."));
    }

    #[test]
    fn success_log_is_a_reasonable_length() {
        let log = setup_msi_log(
            Outcome::Success,
            "3/3/2026",
            (10, 14, 22),
            r"CORP\svc-ndes",
            "AB",
        );
        let count = log.lines().count();
        assert!((40..=80).contains(&count), "{count} lines");
        assert!(log.contains("Installation completed successfully."));
        assert!(!log.contains("Return value 3"));
    }
}
