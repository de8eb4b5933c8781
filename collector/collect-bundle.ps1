<#
.SYNOPSIS
    Collects a scepter bundle from an NDES / Intune Certificate Connector server.

.DESCRIPTION
    Run this script ELEVATED ("Run as administrator"), in 64-bit Windows PowerShell 5.1 or
    PowerShell 7, on the server that runs NDES and the Certificate Connector for Microsoft
    Intune (or the legacy NDES Connector). It reads configuration, certificates, logs and event
    logs into a new folder, zips that folder with Compress-Archive and prints the path of the
    zip. Send the zip to your support engineer; scepter reads it offline.

    The script only reads. It changes nothing on the server, installs nothing and sends
    nothing anywhere (the probes below only connect, they do not upload).

    What it never collects:
      * No private keys. Certificates are written with Export-Certificate -Type CERT, which
        writes the public certificate (DER) only. This script contains no PFX export and no
        password option of any tool, and tests/collector.rs checks that it stays that way.
      * No passwords. IIS keeps application pool and virtual directory passwords (encrypted)
        in applicationHost.config: the copies in iis/ have every password="..." attribute
        replaced by "[removed]". Registry exports are whole keys; a value a product stores
        encrypted (such as the MSCEP EncryptedPassword) stays in its encrypted form, which only
        this server can decrypt. Windows NT\CurrentVersion is read with `reg query` without
        subkeys and without the DigitalProductId values, so neither an auto-logon password
        (Winlogon) nor the product key is read.

    Probes (probes.json): HTTP GETs of the SCEP URL, TCP connections to Intune endpoints and
    downloads of the CRLs (CRL distribution points) of the certificates in LocalMachine\My and
    their chains run as the account running this script (an administrator, recorded as
    "ran_as"), not as SYSTEM like the connector. To probe as SYSTEM, run the script with
    `psexec -s`.

    Encodings: everything this script writes itself goes through Out-File or Set-Content with
    their defaults, i.e. exactly what `>` writes when collecting by hand: UTF-16LE with BOM
    under Windows PowerShell 5.1, UTF-8 without BOM under PowerShell 7. The copies of
    applicationHost.config and web.config are UTF-8 (Set-Content -Encoding UTF8). Tools that
    write their own files keep their format: `reg export` and `secedit` write UTF-16LE,
    certificates are binary DER, `wevtutil epl` writes binary .evtx, logs are copied byte for
    byte. scepter reads all of these.

    Every step runs in its own try/catch: a failing step is listed in collector-errors.txt
    and in the manifest, and the collection goes on. Something the server does not have (an
    event channel, a log folder, a registry key) is skipped with a note instead.

    File names: every file this script writes is named by the literal -Path '...' argument of
    a Save-* call below ('<NAME>' stands for a copied file's own name, '<THUMBPRINT>' for a
    certificate's thumbprint). docs/collecting.md lists the same names with the equivalent
    commands to paste by hand, and tests/collector.rs checks that the two lists are equal:
    keep each -Path a literal string.

.PARAMETER ExternalFqdn
    The host name devices use in the NDES URL (https://<ExternalFqdn>/certsrv/mscep/mscep.dll),
    for example ndes.contoso.com. A full URL is accepted; its host is used.

.PARAMETER OutputPath
    Where the bundle folder and the zip are created. Default: your Desktop, else %TEMP%.

.PARAMETER NdesServiceAccount
    The NDES service account as DOMAIN\user (optional). When given, `setspn -L` runs for it and,
    when the ActiveDirectory module is installed, its account state is read with Get-ADUser.

.PARAMETER MaxEvents
    The newest events read from each event channel. Default 500.

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\collect-bundle.ps1 -ExternalFqdn ndes.contoso.com

.EXAMPLE
    .\collect-bundle.ps1 -ExternalFqdn ndes.contoso.com -NdesServiceAccount CONTOSO\svc-ndes -OutputPath D:\Temp

.NOTES
    1.1.0: the NDES service account's SID, Microsoft Defender's exclusions, and a download of
    every CRL the server's certificates name (probes of kind crl).
    1.0.0: first release.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, HelpMessage = 'The host name devices use in the NDES URL, e.g. ndes.contoso.com')]
    [string]$ExternalFqdn,

    [string]$OutputPath = '',

    [string]$NdesServiceAccount = '',

    [ValidateRange(1, 100000)]
    [int]$MaxEvents = 500
)

Set-StrictMode -Version 1.0
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'

$CollectorName = 'collect-bundle.ps1'
$CollectorVersion = '1.1.0'

# Logs bigger than this are skipped with a note: scepter reads entries of up to 256 MiB.
$MaxFileBytes = 200MB

# The password redaction applied to IIS configuration copies (also shown in docs/collecting.md):
# password="..." attributes, then Password=...; inside values such as connection strings.
$PasswordAttribute = '(?i)(password\s*=\s*)("[^"]*"|''[^'']*'')'
$PasswordAttributeReplacement = '$1"[removed]"'
$PasswordInValue = '(?i)\b(password|pwd)=(?!["''])[^;"''<>]*'
$PasswordInValueReplacement = '$1=[removed]'

$EventFields = 'TimeCreated', 'Id', 'Level', 'LevelDisplayName', 'ProviderName', 'LogName', 'MachineName', 'Message'

# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------

$Identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
$Principal = New-Object System.Security.Principal.WindowsPrincipal($Identity)
if (-not $Principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Host ''
    Write-Host 'collect-bundle.ps1 must run elevated, and this PowerShell window is not.' -ForegroundColor Red
    Write-Host 'Right-click Windows PowerShell, choose "Run as administrator", and run the script again.' -ForegroundColor Red
    Write-Host 'Without elevation most of the server configuration (certificate stores, user rights,' -ForegroundColor Red
    Write-Host 'IIS configuration, event logs) cannot be read. Nothing was collected.' -ForegroundColor Red
    exit 1
}
if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) {
    # A 32-bit process sees the 32-bit registry view and a redirected System32: the bundle would be wrong.
    Write-Host 'collect-bundle.ps1 must run in 64-bit PowerShell (this is the 32-bit "Windows PowerShell (x86)").' -ForegroundColor Red
    Write-Host 'Start "Windows PowerShell" (not x86) as administrator and run the script again. Nothing was collected.' -ForegroundColor Red
    exit 1
}

Import-Module Microsoft.PowerShell.Security -ErrorAction SilentlyContinue

$ExternalFqdn = $ExternalFqdn.Trim()
if ($ExternalFqdn -match '://') {
    $ExternalFqdn = ([uri]$ExternalFqdn).Host
}

if (-not $OutputPath) {
    $OutputPath = [Environment]::GetFolderPath('Desktop')
    if (-not $OutputPath -or -not (Test-Path -LiteralPath $OutputPath)) {
        $OutputPath = $env:TEMP
    }
}
[void][System.IO.Directory]::CreateDirectory($OutputPath)
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath

$CollectedAt = Get-Date -Format o
$BundleName = 'scepter-bundle-{0}-{1}' -f $env:COMPUTERNAME, (Get-Date -Format 'yyyyMMdd-HHmmss')
$BundleDir = Join-Path $OutputPath $BundleName
$ZipPath = "$BundleDir.zip"
[void][System.IO.Directory]::CreateDirectory($BundleDir)

$RanAs = $Identity.Name
$CurrentUserSid = $Identity.User.Value
$IpProperties = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
if ($IpProperties.DomainName) {
    $HostFqdn = '{0}.{1}' -f $IpProperties.HostName, $IpProperties.DomainName
} else {
    $HostFqdn = $IpProperties.HostName
}

# The local Administrators group has a localized name (Administrateurs, Administratoren...).
$AdminsGroup = 'Administrators'
try {
    $sid = New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')
    $AdminsGroup = $sid.Translate([System.Security.Principal.NTAccount]).Value.Split('\')[-1]
} catch {
    $AdminsGroup = 'Administrators'
}

$NdesSam = ''
if ($NdesServiceAccount) {
    $NdesSam = $NdesServiceAccount.Split('\')[-1]
}

# Variables that command scriptblocks use; the manifest shows their values instead of their names.
$CommandValues = [ordered]@{
    MaxEvents          = $MaxEvents
    AdminsGroup        = $AdminsGroup
    NdesServiceAccount = $NdesServiceAccount
    NdesSam            = $NdesSam
}

$script:Files = New-Object System.Collections.Generic.List[object]
$script:Problems = New-Object System.Collections.Generic.List[object]
$script:Skipped = New-Object System.Collections.Generic.List[object]

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

function ConvertTo-WindowsPath {
    # Bundle paths are '/'-separated; the commands shown in the manifest use Windows paths.
    param([string]$Path)
    $Path.Replace('/', '\')
}

function ConvertTo-Literal {
    # A PowerShell single-quoted literal of a string, for the command texts in the manifest.
    param([string]$Text)
    "'" + $Text.Replace("'", "''") + "'"
}

function Resolve-BundlePath {
    # The full path of a bundle-relative path, with its folder created.
    param([string]$Path)
    $full = [System.IO.Path]::Combine($BundleDir, (ConvertTo-WindowsPath $Path))
    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($full))
    $full
}

function Get-ErrorText {
    # The messages of an exception and of its inner exceptions, outermost first, without repeats.
    param([System.Exception]$Exception)
    $messages = New-Object System.Collections.Generic.List[string]
    while ($null -ne $Exception) {
        if (-not $messages.Contains($Exception.Message)) {
            $messages.Add($Exception.Message)
        }
        $Exception = $Exception.InnerException
    }
    $messages -join ' -> '
}

function Add-ManifestFile {
    # Records a written file and the command that produced it.
    param([string]$Path, [string]$Command, [string]$Store = '')
    $entry = [ordered]@{ path = $Path; command = $Command }
    if ($Store) {
        $entry.store = $Store
    }
    $script:Files.Add($entry)
}

function Add-CollectorError {
    # Records a failed step; the collection goes on.
    param([string]$Step, [string]$Message)
    $script:Problems.Add([ordered]@{ step = $Step; message = $Message })
    Write-Warning "$Step failed: $Message"
}

function Add-Skipped {
    # Records something this server does not have: a note, not an error.
    param([string]$Step, [string]$Reason)
    $script:Skipped.Add([ordered]@{ step = $Step; reason = $Reason })
    Write-Host "    skipped: $Reason" -ForegroundColor DarkGray
}

function Invoke-Step {
    # Runs one collection step inside try/catch, so that one failure never stops the collection.
    param([string]$Name, [scriptblock]$Action)
    Write-Host "  $Name"
    try {
        $null = & $Action
    } catch {
        Add-CollectorError -Step $Name -Message (Get-ErrorText $_.Exception)
    }
}

function Invoke-Captured {
    # Runs a command and splits what it prints into output lines and problems (error records,
    # native stderr lines, a non-zero exit code).
    param([scriptblock]$Command, [object[]]$Arguments = @())
    $output = New-Object System.Collections.Generic.List[object]
    $problems = New-Object System.Collections.Generic.List[string]
    $global:LASTEXITCODE = 0
    foreach ($item in (& $Command @Arguments 2>&1)) {
        if ($item -is [System.Management.Automation.ErrorRecord]) {
            $problems.Add($item.ToString())
        } else {
            $output.Add($item)
        }
    }
    if ($global:LASTEXITCODE -ne 0) {
        $problems.Insert(0, "exit code $global:LASTEXITCODE")
    }
    [pscustomobject]@{ Output = $output; Problems = $problems }
}

function Format-Command {
    # The text of a command scriptblock as it ran: parameter values instead of variable names,
    # and $File (the file a command writes itself) as its path in the bundle.
    param([scriptblock]$Command, [string]$File = '')
    $text = $Command.ToString().Trim()
    $text = $text -replace '^param\s*\([^)]*\)\s*', ''
    if ($File) {
        $text = $text.Replace('$File', '"' + (ConvertTo-WindowsPath $File) + '"')
    }
    foreach ($name in @($CommandValues.Keys)) {
        $text = $text.Replace('$' + $name, [string]$CommandValues[$name])
    }
    $text
}

function Write-BundleText {
    # Out-File's default encoding: UTF-16LE with BOM in Windows PowerShell 5.1, UTF-8 without
    # BOM in PowerShell 7 -- the same bytes as `>` when collecting by hand.
    param([string]$Path, [object[]]$Lines)
    $full = Resolve-BundlePath $Path
    $Lines | Out-File -LiteralPath $full -Width 4096
}

function Test-EventChannel {
    # Whether this server has an event channel.
    param([string]$LogName)
    $null -ne (Get-WinEvent -ListLog $LogName -ErrorAction SilentlyContinue)
}

function Copy-SharedFile {
    # Copies a file that its writer may hold open (IIS, the policy module): Copy-Item opens the
    # source without write sharing and fails on such logs; the bytes are the same.
    param([string]$Source, [string]$Destination)
    $share = [System.IO.FileShare]'ReadWrite, Delete'
    $in = [System.IO.File]::Open($Source, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, $share)
    try {
        $out = [System.IO.File]::Create($Destination)
        try {
            $in.CopyTo($out)
        } finally {
            $out.Dispose()
        }
    } finally {
        $in.Dispose()
    }
    [System.IO.File]::SetLastWriteTimeUtc($Destination, [System.IO.File]::GetLastWriteTimeUtc($Source))
}

function Get-IisAppFolder {
    # The physical folder of an IIS application (e.g. '/CertSrv/mscep') in applicationHost.config,
    # or $Fallback when the configuration does not name it.
    param($AppHost, [string]$AppPath, [string]$Fallback = '')
    if ($null -ne $AppHost) {
        foreach ($app in $AppHost.SelectNodes('/configuration/system.applicationHost/sites/site/application')) {
            if ($app.GetAttribute('path') -ne $AppPath) {
                continue
            }
            foreach ($vdir in $app.SelectNodes('virtualDirectory')) {
                if ($vdir.GetAttribute('path') -eq '/') {
                    return [Environment]::ExpandEnvironmentVariables($vdir.GetAttribute('physicalPath'))
                }
            }
        }
    }
    $Fallback
}

function Get-IisLogFolder {
    # The W3C log folder of the site with id 1 (W3SVC1): its own logFile directory, else the
    # site defaults, else the IIS default.
    param($AppHost)
    $directory = '%SystemDrive%\inetpub\logs\LogFiles'
    if ($null -ne $AppHost) {
        $xpaths = '/configuration/system.applicationHost/sites/site[@id="1"]/logFile',
                  '/configuration/system.applicationHost/sites/siteDefaults/logFile'
        foreach ($xpath in $xpaths) {
            $node = $AppHost.SelectSingleNode($xpath)
            if ($null -ne $node -and $node.GetAttribute('directory')) {
                $directory = $node.GetAttribute('directory')
                break
            }
        }
    }
    Join-Path ([Environment]::ExpandEnvironmentVariables($directory)) 'W3SVC1'
}

function Get-WebExceptionResponse {
    # The HTTP response carried by a WebException anywhere in an exception chain (4xx/5xx).
    param([System.Exception]$Exception)
    while ($null -ne $Exception) {
        if ($Exception -is [System.Net.WebException] -and $null -ne $Exception.Response) {
            return $Exception.Response
        }
        $Exception = $Exception.InnerException
    }
    $null
}

function Test-HttpProbe {
    # One GET. Any HTTP answer, 403 and 500 included, is ok = true: the status is the finding.
    param([string]$Url)
    $probe = [ordered]@{ kind = 'http'; target = $Url; ok = $false }
    $response = $null
    try {
        $request = [System.Net.WebRequest]::Create($Url)
        $request.Method = 'GET'
        $request.Timeout = 15000
        $request.AllowAutoRedirect = $false
        try {
            $response = $request.GetResponse()
        } catch {
            $response = Get-WebExceptionResponse $_.Exception
            if ($null -eq $response) {
                throw
            }
        }
        $probe.ok = $true
        $probe.status = [int]$response.StatusCode
        $reader = New-Object System.IO.StreamReader($response.GetResponseStream())
        try {
            $body = $reader.ReadToEnd()
        } finally {
            $reader.Dispose()
        }
        if ($body.Length -gt 200) {
            $body = $body.Substring(0, 200)
        }
        $probe.detail = $body
    } catch {
        $probe.detail = Get-ErrorText $_.Exception
    } finally {
        if ($null -ne $response) {
            $response.Close()
        }
    }
    $probe
}

function Get-CrlUrls {
    # The distinct CRL distribution point URLs (2.5.29.31) of every certificate in
    # LocalMachine\My and of the chain above it (the CA and Root stores), in the order found.
    # The chain is built without revocation checking; Format($true) lists each full-name URI of
    # the extension as "URL=<uri>".
    $urls = New-Object System.Collections.Generic.List[string]
    foreach ($cert in @(Get-ChildItem -Path 'Cert:\LocalMachine\My')) {
        $members = @($cert)
        try {
            $chain = New-Object System.Security.Cryptography.X509Certificates.X509Chain($true)
            $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
            $chain.ChainPolicy.UrlRetrievalTimeout = New-TimeSpan -Seconds 5
            [void]$chain.Build($cert)
            foreach ($element in $chain.ChainElements) {
                $members += $element.Certificate
            }
            $chain.Reset()
        } catch {
            Add-CollectorError -Step "probes.json (chain of $($cert.Thumbprint))" -Message (Get-ErrorText $_.Exception)
        }
        foreach ($member in $members) {
            foreach ($extension in $member.Extensions) {
                if ($extension.Oid.Value -ne '2.5.29.31') {
                    continue
                }
                foreach ($match in [regex]::Matches($extension.Format($true), 'URL=(\S+)')) {
                    $url = $match.Groups[1].Value
                    if (-not $urls.Contains($url)) {
                        $urls.Add($url)
                    }
                }
            }
        }
    }
    $urls
}

function Test-CrlProbe {
    # Downloads one CRL with a 10 s timeout, as this account and through its default proxy.
    # ok = true only for HTTP 200 with a body that starts like a DER CRL (a SEQUENCE, 0x30).
    # ldap:// and file:// locations are recorded as crl-not-probed: CryptoAPI reads them from
    # AD or a share as the computer account, which this script cannot reproduce.
    param([string]$Url)
    if ($Url -notmatch '^(?i)https?://') {
        return [ordered]@{
            kind = 'crl-not-probed'; target = $Url; ok = $false
            detail = 'not fetched: the collector downloads http:// and https:// CRLs only (CryptoAPI reads ldap:// and file:// locations as the computer account)'
        }
    }
    $probe = [ordered]@{ kind = 'crl'; target = $Url; ok = $false }
    $response = $null
    try {
        $request = [System.Net.WebRequest]::Create($Url)
        $request.Method = 'GET'
        $request.Timeout = 10000
        $request.ReadWriteTimeout = 10000
        try {
            $response = $request.GetResponse()
        } catch {
            $response = Get-WebExceptionResponse $_.Exception
            if ($null -eq $response) {
                throw
            }
        }
        $probe.status = [int]$response.StatusCode
        $memory = New-Object System.IO.MemoryStream
        $stream = $response.GetResponseStream()
        try {
            $stream.CopyTo($memory)
        } finally {
            $stream.Dispose()
        }
        $bytes = $memory.ToArray()
        if ($probe.status -eq 200 -and $bytes.Length -gt 0 -and $bytes[0] -eq 0x30) {
            $probe.ok = $true
            $probe.detail = '{0} bytes ({1})' -f $bytes.Length, $response.ContentType
        } elseif ($probe.status -eq 200) {
            $probe.detail = 'HTTP 200, but the {0} bytes returned are not a DER CRL' -f $bytes.Length
        } else {
            $probe.detail = 'HTTP {0} ({1})' -f $probe.status, $response.StatusDescription
        }
    } catch {
        $probe.detail = Get-ErrorText $_.Exception
    } finally {
        if ($null -ne $response) {
            $response.Close()
        }
    }
    $probe
}

function Test-TcpProbe {
    # A TCP connection with a 5 s timeout. It goes direct: a proxy the connector uses is not tried.
    param([string]$HostName, [int]$Port)
    $probe = [ordered]@{ kind = 'tcp'; target = "${HostName}:$Port"; ok = $false }
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $connect = $client.BeginConnect($HostName, $Port, $null, $null)
        if ($connect.AsyncWaitHandle.WaitOne(5000)) {
            $client.EndConnect($connect)
            $probe.ok = $true
            $probe.detail = "connected to $($client.Client.RemoteEndPoint)"
        } else {
            $probe.detail = 'no connection within 5 seconds'
        }
    } catch {
        $probe.detail = Get-ErrorText $_.Exception
    } finally {
        $client.Close()
    }
    $probe
}

# ---------------------------------------------------------------------------------------------
# Save-* : each writes the bundle file(s) named by its literal -Path and records them
# ---------------------------------------------------------------------------------------------

function Save-Command {
    # Runs a command and saves what it prints. -Requires names a cmdlet the command needs;
    # without it the step is skipped with a note.
    param([string]$Path, [scriptblock]$Command, [string]$Requires = '')
    Invoke-Step $Path {
        if ($Requires -and -not (Get-Command $Requires -ErrorAction SilentlyContinue)) {
            Add-Skipped -Step $Path -Reason "$Requires is not available on this server"
            return
        }
        $result = Invoke-Captured -Command $Command
        if ($result.Output.Count -eq 0) {
            if ($result.Problems.Count -gt 0) {
                throw ($result.Problems -join ' ')
            }
            Add-Skipped -Step $Path -Reason 'the command printed nothing'
            return
        }
        Write-BundleText -Path $Path -Lines $result.Output
        Add-ManifestFile -Path $Path -Command (Format-Command $Command)
        if ($result.Problems.Count -gt 0) {
            Add-CollectorError -Step $Path -Message ($result.Problems -join ' ')
        }
    }
}

function Save-Export {
    # Runs a command that writes the file itself; the command receives the full path as $File.
    param([string]$Path, [scriptblock]$Command)
    Invoke-Step $Path {
        $full = Resolve-BundlePath $Path
        $result = Invoke-Captured -Command $Command -Arguments $full
        if (-not (Test-Path -LiteralPath $full)) {
            throw ('no file was written. ' + ($result.Problems -join ' '))
        }
        Add-ManifestFile -Path $Path -Command (Format-Command $Command -File $Path)
        if ($result.Problems.Count -gt 0) {
            Add-CollectorError -Step $Path -Message ($result.Problems -join ' ')
        }
    }
}

function Save-Registry {
    # `reg export` of a key with all its subkeys (.reg version 5, UTF-16LE). A key this server
    # does not have is skipped with a note.
    param([string]$Path, [string]$Key)
    Invoke-Step $Path {
        $providerPath = 'Registry::' + ($Key -replace '^HKLM\\', 'HKEY_LOCAL_MACHINE\' -replace '^HKU\\', 'HKEY_USERS\')
        if (-not (Test-Path -LiteralPath $providerPath)) {
            Add-Skipped -Step $Path -Reason "registry key not present: $Key"
            return
        }
        $full = Resolve-BundlePath $Path
        $result = Invoke-Captured -Command { param($RegKey, $Target) reg.exe export $RegKey $Target /y } -Arguments $Key, $full
        if (-not (Test-Path -LiteralPath $full)) {
            throw ('reg export wrote no file. ' + ($result.Problems -join ' '))
        }
        Add-ManifestFile -Path $Path -Command ('reg export "{0}" "{1}" /y' -f $Key, (ConvertTo-WindowsPath $Path))
    }
}

function Save-Certificates {
    # Every certificate of a store as DER, one file per thumbprint ('<THUMBPRINT>' in -Path).
    # Public certificates only: Export-Certificate -Type CERT never writes a private key.
    param([string]$Path, [string]$Store)
    Invoke-Step $Path {
        $certificates = @(Get-ChildItem -Path "Cert:\$Store" -ErrorAction Stop |
            Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509Certificate2] })
        if ($certificates.Count -eq 0) {
            Add-Skipped -Step $Path -Reason "no certificates in $Store"
            return
        }
        $haveExportCertificate = $null -ne (Get-Command Export-Certificate -ErrorAction SilentlyContinue)
        foreach ($certificate in $certificates) {
            $relative = $Path.Replace('<THUMBPRINT>', $certificate.Thumbprint)
            $target = ConvertTo-WindowsPath $relative
            try {
                $full = Resolve-BundlePath $relative
                if ($haveExportCertificate) {
                    Export-Certificate -Cert $certificate -FilePath $full -Type CERT -ErrorAction Stop | Out-Null
                    $command = "Export-Certificate -Cert Cert:\$Store\$($certificate.Thumbprint) -FilePath $target -Type CERT"
                } else {
                    # Without the PKI module: RawData is the same DER certificate, still without a key.
                    [System.IO.File]::WriteAllBytes($full, $certificate.RawData)
                    $command = "[IO.File]::WriteAllBytes('$target', (Get-Item Cert:\$Store\$($certificate.Thumbprint)).RawData)"
                }
                Add-ManifestFile -Path $relative -Command $command -Store $Store
            } catch {
                Add-CollectorError -Step $relative -Message (Get-ErrorText $_.Exception)
            }
        }
    }
}

function Save-RedactedCopy {
    # A copy of an IIS configuration file with its passwords replaced by "[removed]".
    param([string]$Path, [string]$Source)
    Invoke-Step $Path {
        if (-not $Source) {
            Add-Skipped -Step $Path -Reason 'IIS has no application for it'
            return
        }
        if (-not (Test-Path -LiteralPath $Source)) {
            Add-Skipped -Step $Path -Reason "file not present: $Source"
            return
        }
        $full = Resolve-BundlePath $Path
        $text = Get-Content -LiteralPath $Source -Raw -ErrorAction Stop
        $text = $text -replace $PasswordAttribute, $PasswordAttributeReplacement -replace $PasswordInValue, $PasswordInValueReplacement
        Set-Content -LiteralPath $full -Value $text -Encoding UTF8 -ErrorAction Stop
        $parts = @(
            (ConvertTo-Literal $Source),
            (ConvertTo-Literal $PasswordAttribute), (ConvertTo-Literal $PasswordAttributeReplacement),
            (ConvertTo-Literal $PasswordInValue), (ConvertTo-Literal $PasswordInValueReplacement),
            (ConvertTo-WindowsPath $Path))
        $command = '(Get-Content -Raw {0}) -replace {1}, {2} -replace {3}, {4} | Set-Content -Encoding UTF8 {5}' -f $parts
        Add-ManifestFile -Path $Path -Command $command
    }
}

function Save-NewestFiles {
    # Copies the $Newest newest files matching $Filter in $Folder; '<NAME>' in -Path is the
    # file's own name. A folder this server does not have is skipped with a note.
    param([string]$Path, [string]$Folder, [string]$Filter, [int]$Newest = 3)
    Invoke-Step $Path {
        if (-not $Folder -or -not (Test-Path -LiteralPath $Folder)) {
            Add-Skipped -Step $Path -Reason "folder not present: $Folder"
            return
        }
        $files = @(Get-ChildItem -LiteralPath $Folder -Filter $Filter -File -ErrorAction Stop |
            Sort-Object LastWriteTime -Descending | Select-Object -First $Newest)
        if ($files.Count -eq 0) {
            Add-Skipped -Step $Path -Reason "no $Filter in $Folder"
            return
        }
        foreach ($file in $files) {
            $relative = $Path.Replace('<NAME>', $file.Name)
            if ($file.Length -gt $MaxFileBytes) {
                Add-Skipped -Step $relative -Reason ('{0} is {1:N0} MB, larger than scepter reads' -f $file.FullName, ($file.Length / 1MB))
                continue
            }
            try {
                Copy-SharedFile -Source $file.FullName -Destination (Resolve-BundlePath $relative)
                $command = 'Copy-Item -LiteralPath {0} -Destination {1}' -f (ConvertTo-Literal $file.FullName), (ConvertTo-WindowsPath $relative)
                Add-ManifestFile -Path $relative -Command $command
            } catch {
                Add-CollectorError -Step $relative -Message (Get-ErrorText $_.Exception)
            }
        }
    }
}

function Save-Events {
    # The newest $MaxEvents events of a channel as JSON, optionally only from some providers.
    # A channel this server does not have, or one without matching events, is skipped with a note.
    param([string]$Path, [string]$LogName, [string[]]$Providers = @())
    Invoke-Step $Path {
        if (-not (Test-EventChannel $LogName)) {
            Add-Skipped -Step $Path -Reason "event channel not present: $LogName"
            return
        }
        $query = @{ LogName = $LogName; MaxEvents = $MaxEvents; ErrorAction = 'Stop' }
        $command = "Get-WinEvent -LogName '$LogName'"
        if ($Providers.Count -gt 0) {
            $names = ($Providers | ForEach-Object { "@Name='$_'" }) -join ' or '
            $query.FilterXPath = "*[System[Provider[$names]]]"
            $command += ' -FilterXPath "{0}"' -f $query.FilterXPath
        }
        $command += " -MaxEvents $MaxEvents | Select-Object $($EventFields -join ',') | ConvertTo-Json"
        try {
            $events = @(Get-WinEvent @query)
        } catch {
            if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*' -or $_.Exception.Message -like '*No events were found*') {
                Add-Skipped -Step $Path -Reason "no matching events in $LogName"
                return
            }
            throw
        }
        $json = $events | Select-Object -Property $EventFields | ConvertTo-Json
        Write-BundleText -Path $Path -Lines $json
        Add-ManifestFile -Path $Path -Command $command
    }
}

function Save-EventFile {
    # A channel exported whole as a binary .evtx with `wevtutil epl`.
    param([string]$Path, [string]$LogName)
    Invoke-Step $Path {
        if (-not (Test-EventChannel $LogName)) {
            Add-Skipped -Step $Path -Reason "event channel not present: $LogName"
            return
        }
        $full = Resolve-BundlePath $Path
        $result = Invoke-Captured -Command { param($Channel, $Target) wevtutil.exe epl $Channel $Target /ow:true } -Arguments $LogName, $full
        if (-not (Test-Path -LiteralPath $full)) {
            throw ('wevtutil wrote no file. ' + ($result.Problems -join ' '))
        }
        Add-ManifestFile -Path $Path -Command ('wevtutil epl "{0}" "{1}" /ow:true' -f $LogName, (ConvertTo-WindowsPath $Path))
    }
}

function Save-Probes {
    # probes.json (format scepter-probes/1): what this server sees on the wire, as $RanAs.
    param([string]$Path, [string[]]$Urls, [string[]]$TcpHosts, [string[]]$CrlUrls)
    Invoke-Step $Path {
        if ($PSVersionTable.PSEdition -ne 'Core' -and [int][System.Net.ServicePointManager]::SecurityProtocol -ne 0) {
            # Windows PowerShell may default to TLS 1.0 only; add TLS 1.2 so the probe tests the
            # server, not this PowerShell session's defaults.
            [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
        }
        $probes = New-Object System.Collections.Generic.List[object]
        foreach ($url in $Urls) {
            Write-Host "    GET $url"
            $probes.Add((Test-HttpProbe -Url $url))
        }
        foreach ($tcpHost in $TcpHosts) {
            Write-Host "    TCP ${tcpHost}:443"
            $probes.Add((Test-TcpProbe -HostName $tcpHost -Port 443))
        }
        foreach ($crlUrl in $CrlUrls) {
            Write-Host "    CRL $crlUrl"
            $probes.Add((Test-CrlProbe -Url $crlUrl))
        }
        $document = [ordered]@{ format = 'scepter-probes/1'; ran_as = $RanAs; probes = $probes }
        Write-BundleText -Path $Path -Lines (ConvertTo-Json -InputObject $document -Depth 5)
        Add-ManifestFile -Path $Path -Command ('HTTP GET, TCP 443 and CRL download probes run by {0} as {1}' -f $CollectorName, $RanAs)
    }
}

function Save-Text {
    # A text file this script composes itself.
    param([string]$Path, [string[]]$Lines, [string]$Command)
    Invoke-Step $Path {
        Write-BundleText -Path $Path -Lines $Lines
        Add-ManifestFile -Path $Path -Command $Command
    }
}

function Save-Json {
    # A JSON document this script composes itself (not listed in the manifest's files).
    param([string]$Path, [object]$Value)
    Invoke-Step $Path {
        Write-BundleText -Path $Path -Lines (ConvertTo-Json -InputObject $Value -Depth 6)
    }
}

# ---------------------------------------------------------------------------------------------
# Collection
# ---------------------------------------------------------------------------------------------

Write-Host "Collecting a scepter bundle into $BundleDir"

Write-Host 'Registry'
Save-Registry -Path 'registry/MSCEP.reg' -Key 'HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP'
Save-Registry -Path 'registry/MicrosoftIntune.reg' -Key 'HKLM\SOFTWARE\Microsoft\MicrosoftIntune'
Save-Registry -Path 'registry/HTTP-Parameters.reg' -Key 'HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
Save-Registry -Path 'registry/SCHANNEL-Protocols.reg' -Key 'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
Save-Registry -Path 'registry/NDP-v4-Full.reg' -Key 'HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'
Save-Registry -Path 'registry/NETFramework-v4.0.30319.reg' -Key 'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
Save-Registry -Path 'registry/NETFramework-v4.0.30319-WOW6432Node.reg' -Key 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319'
Save-Registry -Path 'registry/Tcpip-Parameters.reg' -Key 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
Save-Registry -Path 'registry/W32Time-Parameters.reg' -Key 'HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters'
Save-Command -Path 'registry/WindowsNT-CurrentVersion.txt' -Command {
    reg.exe query 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' | Where-Object { $_ -notmatch '^\s+DigitalProductId' }
}
Save-Registry -Path 'registry/Uninstall.reg' -Key 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'
Save-Registry -Path 'registry/Uninstall-WOW6432Node.reg' -Key 'HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
Save-Registry -Path 'registry/IE-ESC-Admins.reg' -Key 'HKLM\SOFTWARE\Microsoft\Active Setup\Installed Components\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}'
Save-Registry -Path 'registry/IE-ESC-Users.reg' -Key 'HKLM\SOFTWARE\Microsoft\Active Setup\Installed Components\{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}'
Save-Registry -Path 'registry/Defender-Exclusions.reg' -Key 'HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions'
Save-Registry -Path 'registry/InternetSettings-Machine.reg' -Key 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings'
Save-Registry -Path 'registry/InternetSettings-Policies.reg' -Key 'HKLM\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\Internet Settings'
# The connector runs as SYSTEM: its proxy view is SYSTEM's hive (HKU\.DEFAULT is the same hive
# under another name), not the administrator's, so both views are exported.
Save-Registry -Path 'registry/InternetSettings-SYSTEM.reg' -Key 'HKU\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
Save-Registry -Path 'registry/InternetSettings-DEFAULT.reg' -Key 'HKU\.DEFAULT\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
Save-Registry -Path 'registry/InternetSettings-CurrentUser.reg' -Key "HKU\$CurrentUserSid\Software\Microsoft\Windows\CurrentVersion\Internet Settings"

Write-Host 'Network and system'
Save-Command -Path 'network/winhttp-proxy.txt' -Command { netsh.exe winhttp show proxy }
Save-Command -Path 'network/http-sslcert.txt' -Command { netsh.exe http show sslcert }
Save-Command -Path 'system/systeminfo.txt' -Command { systeminfo.exe }
Save-Command -Path 'system/computerinfo.json' -Requires 'Get-ComputerInfo' -Command { Get-ComputerInfo | ConvertTo-Json }
Save-Command -Path 'system/windowsfeatures.json' -Requires 'Get-WindowsFeature' -Command { Get-WindowsFeature | ConvertTo-Json }
Save-Command -Path 'system/localgroup-IIS_IUSRS.txt' -Command { net.exe localgroup IIS_IUSRS }
Save-Command -Path 'system/localgroup-Administrators.txt' -Command { net.exe localgroup $AdminsGroup }
Save-Export -Path 'system/user-rights.inf' -Command { param($File) secedit.exe /export /areas USER_RIGHTS /cfg $File }
Save-Command -Path 'system/w32tm-status.txt' -Command { w32tm.exe /query /status }

Write-Host 'Services'
Save-Command -Path 'services/services.json' -Command {
    Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json
}
Save-Command -Path 'services/win32-services.json' -Command {
    Get-CimInstance Win32_Service | Select-Object Name,DisplayName,State,StartMode,StartName,DelayedAutoStart,PathName | ConvertTo-Json
}

Write-Host 'Certificates (public certificates only, never a private key)'
Save-Certificates -Path 'certs/LocalMachine/My/<THUMBPRINT>.cer' -Store 'LocalMachine\My'
Save-Certificates -Path 'certs/LocalMachine/Root/<THUMBPRINT>.cer' -Store 'LocalMachine\Root'
Save-Certificates -Path 'certs/LocalMachine/CA/<THUMBPRINT>.cer' -Store 'LocalMachine\CA'
Save-Command -Path 'certs/LocalMachine-My.json' -Command {
    Get-ChildItem Cert:\LocalMachine\My | Select-Object Subject,Issuer,Thumbprint,SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,PSParentPath | ConvertTo-Json
}
Save-Command -Path 'certs/LocalMachine-Root.json' -Command {
    Get-ChildItem Cert:\LocalMachine\Root | Select-Object Subject,Issuer,Thumbprint,SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,PSParentPath | ConvertTo-Json
}
Save-Command -Path 'certs/LocalMachine-CA.json' -Command {
    Get-ChildItem Cert:\LocalMachine\CA | Select-Object Subject,Issuer,Thumbprint,SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,PSParentPath | ConvertTo-Json
}
Save-Command -Path 'certs/certutil-store-my.txt' -Command { certutil.exe -v -store my }
# Another account's CurrentUser store is only readable as that account.
if ($NdesServiceAccount -and $RanAs -eq $NdesServiceAccount) {
    Save-Certificates -Path 'certs/CurrentUser/My/<THUMBPRINT>.cer' -Store 'CurrentUser\My'
    Save-Command -Path 'certs/CurrentUser-My.json' -Command {
        Get-ChildItem Cert:\CurrentUser\My | Select-Object Subject,Issuer,Thumbprint,SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,PSParentPath | ConvertTo-Json
    }
} else {
    Add-Skipped -Step 'certs/CurrentUser/My' -Reason 'the NDES service account''s own store is read only when the script runs as that account (see docs/collecting.md)'
}

Write-Host 'IIS'
$AppHostPath = Join-Path $env:windir 'System32\inetsrv\config\applicationHost.config'
$AppHost = $null
if (Test-Path -LiteralPath $AppHostPath) {
    try {
        $AppHost = [xml](Get-Content -LiteralPath $AppHostPath -Raw -ErrorAction Stop)
    } catch {
        Add-CollectorError -Step 'iis (reading applicationHost.config)' -Message (Get-ErrorText $_.Exception)
    }
}
$MscepFolder = Get-IisAppFolder -AppHost $AppHost -AppPath '/CertSrv/mscep' -Fallback (Join-Path $env:windir 'System32\CertSrv\mscep')
$CrpFolder = Get-IisAppFolder -AppHost $AppHost -AppPath '/CertificateRegistrationSvc'
$MscepWebConfig = ''
if ($MscepFolder) {
    $MscepWebConfig = Join-Path $MscepFolder 'web.config'
}
$CrpWebConfig = ''
if ($CrpFolder) {
    $CrpWebConfig = Join-Path $CrpFolder 'web.config'
}
Save-RedactedCopy -Path 'iis/applicationHost.config' -Source $AppHostPath
Save-RedactedCopy -Path 'iis/mscep/web.config' -Source $MscepWebConfig
Save-RedactedCopy -Path 'iis/CertificateRegistrationSvc/web.config' -Source $CrpWebConfig

Write-Host 'Logs'
$IntuneFolder = Join-Path $env:ProgramFiles 'Microsoft Intune'
Save-NewestFiles -Path 'logs/IIS/W3SVC1/<NAME>' -Folder (Get-IisLogFolder -AppHost $AppHost) -Filter 'u_ex*.log' -Newest 3
Save-NewestFiles -Path 'logs/HTTPERR/<NAME>' -Folder (Join-Path $env:windir 'System32\LogFiles\HTTPERR') -Filter 'httperr*.log' -Newest 3
Save-NewestFiles -Path 'logs/NDESPolicyModule/<NAME>' -Folder (Join-Path $IntuneFolder 'NDESPolicyModule\Logs') -Filter '*.log' -Newest 3
Save-NewestFiles -Path 'logs/NDESConnectorSvc/<NAME>' -Folder (Join-Path $IntuneFolder 'NDESConnectorSvc\Logs\Logs') -Filter 'NDESConnector*.svclog' -Newest 3
Save-NewestFiles -Path 'logs/NDESConnectorSvc/<NAME>' -Folder (Join-Path $IntuneFolder 'NDESConnectorSvc\Logs\Logs') -Filter 'CertificateRegistrationPoint*.svclog' -Newest 3
Save-NewestFiles -Path 'logs/NDESConnectorSetup/<NAME>' -Folder (Join-Path $env:SystemDrive 'NDESConnectorSetup') -Filter '*.log' -Newest 3
Save-NewestFiles -Path 'logs/Installer/<NAME>' -Folder $env:TEMP -Filter '*Certificate*Connector*.log' -Newest 3

Write-Host 'Event logs'
Save-Events -Path 'events/CertificateConnectors-Admin.json' -LogName 'Microsoft-Intune-CertificateConnectors/Admin'
Save-Events -Path 'events/CertificateConnectors-Operational.json' -LogName 'Microsoft-Intune-CertificateConnectors/Operational'
Save-Events -Path 'events/AgentUpdater-Admin.json' -LogName 'Microsoft-AzureADConnect-AgentUpdater/Admin'
Save-Events -Path 'events/IntuneConnector.json' -LogName 'Microsoft Intune Connector'
Save-Events -Path 'events/Application.json' -LogName 'Application' -Providers @(
    'Microsoft-Windows-NetworkDeviceEnrollmentService', 'NDESConnector', 'PFXCertificateConnectorSvc',
    'PKICertificateConnectorSvc', 'PkiRevokeConnectorSvc', 'MsiInstaller', 'Application Error',
    'ASP.NET 4.0.30319.0', '.NET Runtime')
Save-Events -Path 'events/System.json' -LogName 'System' -Providers @(
    'Service Control Manager', 'Microsoft-Windows-WAS', 'Schannel', 'Microsoft-Windows-Time-Service')
Save-Events -Path 'events/CertificateServices-Deployment.json' -LogName 'Microsoft-Windows-CertificateServices-Deployment/Operational'
Save-EventFile -Path 'events/CertificateConnectors-Admin.evtx' -LogName 'Microsoft-Intune-CertificateConnectors/Admin'
Save-EventFile -Path 'events/CertificateConnectors-Operational.evtx' -LogName 'Microsoft-Intune-CertificateConnectors/Operational'

Write-Host 'NDES service account'
if ($NdesServiceAccount) {
    if ($NdesSam.EndsWith('$')) {
        Save-Command -Path 'ad/ndes-service-account.json' -Requires 'Get-ADServiceAccount' -Command {
            Get-ADServiceAccount -Identity $NdesSam -Properties * | Select-Object Name,SamAccountName,DistinguishedName,ObjectClass,Enabled,LockedOut,PasswordExpired,PasswordNeverExpires,PasswordLastSet,AccountExpirationDate,ServicePrincipalName,SID | ConvertTo-Json
        }
    } else {
        Save-Command -Path 'ad/ndes-service-account.json' -Requires 'Get-ADUser' -Command {
            Get-ADUser -Identity $NdesSam -Properties * | Select-Object Name,SamAccountName,UserPrincipalName,DistinguishedName,ObjectClass,Enabled,LockedOut,PasswordExpired,PasswordNeverExpires,PasswordLastSet,AccountExpirationDate,ServicePrincipalName,SID | ConvertTo-Json
        }
    }
    Save-Command -Path 'ad/setspn.txt' -Command { setspn.exe -L $NdesServiceAccount }
} else {
    Add-Skipped -Step 'ad' -Reason 'no -NdesServiceAccount given'
}

Write-Host "Probes (as $RanAs, not as SYSTEM)"
$CrlUrls = @()
try {
    $CrlUrls = @(Get-CrlUrls)
} catch {
    Add-CollectorError -Step 'probes.json (CRL distribution points)' -Message (Get-ErrorText $_.Exception)
}
Save-Probes -Path 'probes.json' -CrlUrls $CrlUrls -Urls @(
    "https://$HostFqdn/certsrv/mscep/mscep.dll",
    "https://$HostFqdn/certsrv/mscep/mscep.dll?operation=GetCACaps&message=test",
    "https://$ExternalFqdn/certsrv/mscep/mscep.dll"
) -TcpHosts @('autoupdate.msappproxy.net', 'login.microsoftonline.com', 'manage.microsoft.com')

# ---------------------------------------------------------------------------------------------
# Bookkeeping, zip
# ---------------------------------------------------------------------------------------------

$Report = New-Object System.Collections.Generic.List[string]
$Report.Add("$CollectorName $CollectorVersion on $env:COMPUTERNAME as $RanAs, started $CollectedAt")
$Report.Add('')
$Report.Add("Failed steps ($($script:Problems.Count)); the collection went on without them:")
foreach ($problem in $script:Problems) {
    $Report.Add("  $($problem.step): $($problem.message)")
}
$Report.Add('')
$Report.Add("Skipped ($($script:Skipped.Count)); not present on this server:")
foreach ($skip in $script:Skipped) {
    $Report.Add("  $($skip.step): $($skip.reason)")
}
Save-Text -Path 'collector-errors.txt' -Lines $Report -Command "failed and skipped steps of $CollectorName"

$Manifest = [ordered]@{
    format        = 'scepter-bundle/1'
    collected_at  = $CollectedAt
    host          = [ordered]@{ name = $env:COMPUTERNAME; fqdn = $HostFqdn }
    external_fqdn = $ExternalFqdn
    collector     = [ordered]@{ name = $CollectorName; version = $CollectorVersion; powershell = $PSVersionTable.PSVersion.ToString() }
    ran_as        = $RanAs
    files         = $script:Files
    errors        = $script:Problems
    skipped       = $script:Skipped
}
Save-Json -Path 'manifest.json' -Value $Manifest

Write-Host ''
Write-Host ('{0} files written, {1} steps failed, {2} skipped (see collector-errors.txt).' -f $script:Files.Count, $script:Problems.Count, $script:Skipped.Count)
try {
    Compress-Archive -LiteralPath $BundleDir -DestinationPath $ZipPath -Force -ErrorAction Stop
} catch {
    Write-Warning "Could not zip the bundle: $(Get-ErrorText $_.Exception)"
    Write-Host "Zip the folder $BundleDir yourself (right-click, Send to, Compressed folder) and send that."
    Write-Output $BundleDir
    exit 0
}
Write-Host 'Send this file (it holds no private keys and no passwords):' -ForegroundColor Green
Write-Output $ZipPath
