//! IIS and HTTP.sys evidence: `applicationHost.config` (as the collector copies it, passwords
//! removed), the CertificateRegistrationSvc `web.config`, `netsh http show sslcert` and the
//! W3SVC1 logs.

use sha1::{Digest, Sha1};
use time::{Duration, OffsetDateTime};

use super::clock::{iso_space, utc};
use super::host::{IP, PROXY_IP, SERVICE_ACCOUNT, Server, SslcertFields};
use super::registry::IIS_APP_ID;

/// The physical folder of the CertificateRegistrationSvc application.
pub fn crp_folder(server: &Server) -> &'static str {
    if server.unified().is_some() {
        r"C:\Program Files\Microsoft Intune\PFXCertificateConnector\CertificateRegistrationSvc"
    } else {
        r"C:\Program Files\Microsoft Intune\NDESConnectorSvc\CertificateRegistrationSvc"
    }
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!--

    IIS configuration sections.

    For schema documentation, see
    %windir%\system32\inetsrv\config\schema\IIS_schema.xml.
    
    Please make a backup of this file before making any changes to it.

-->

<configuration>

    <!--

        The <configSections> section controls the registration of sections.
        Section is the basic unit of deployment, locking, searching and
        containment for configuration settings.
        
        Every section belongs to one section group.
        A section group is a container of logically-related sections.
        
        Sections cannot be nested.
        Section groups may be nested.
        
        <section
            name=""  [Required, Collection Key] [XML name of the section]
            allowDefinition="Everywhere" [MachineOnly|MachineToApplication|AppHostOnly|Everywhere] [Level where it can be set]
            overrideModeDefault="Allow"  [Allow|Deny] [Default delegation mode]
            allowLocation="true"  [true|false] [Allowed in location tags]
        />
        
        The recommended way to unlock sections is by using a location tag:
        <location path="Default Web Site" overrideMode="Allow">
            <system.webServer>
                <asp />
            </system.webServer>
        </location>

    -->
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="configHistory" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="customMetadata" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="listenerAdapters" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="log" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="serviceAutoStartProviders" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="webLimits" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>

        <sectionGroup name="system.webServer">
            <section name="asp" overrideModeDefault="Deny" />
            <section name="caching" overrideModeDefault="Allow" />
            <section name="cgi" overrideModeDefault="Deny" />
            <section name="defaultDocument" overrideModeDefault="Allow" />
            <section name="directoryBrowse" overrideModeDefault="Allow" />
            <section name="fastCgi" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="globalModules" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="handlers" overrideModeDefault="Deny" />
            <section name="httpCompression" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="httpErrors" overrideModeDefault="Allow" />
            <section name="httpLogging" overrideModeDefault="Deny" />
            <section name="httpProtocol" overrideModeDefault="Allow" />
            <section name="httpRedirect" overrideModeDefault="Allow" />
            <section name="httpTracing" overrideModeDefault="Deny" />
            <section name="isapiFilters" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
            <section name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
            <section name="applicationInitialization" allowDefinition="MachineToApplication" overrideModeDefault="Allow" />
            <section name="odbcLogging" overrideModeDefault="Deny" />
            <sectionGroup name="security">
                <section name="access" overrideModeDefault="Deny" />
                <section name="applicationDependencies" overrideModeDefault="Deny" />
                <sectionGroup name="authentication">
                    <section name="anonymousAuthentication" overrideModeDefault="Deny" />
                    <section name="basicAuthentication" overrideModeDefault="Deny" />
                    <section name="clientCertificateMappingAuthentication" overrideModeDefault="Deny" />
                    <section name="digestAuthentication" overrideModeDefault="Deny" />
                    <section name="iisClientCertificateMappingAuthentication" overrideModeDefault="Deny" />
                    <section name="windowsAuthentication" overrideModeDefault="Deny" />
                </sectionGroup>
                <section name="authorization" overrideModeDefault="Allow" />
                <section name="ipSecurity" overrideModeDefault="Deny" />
                <section name="dynamicIpSecurity" overrideModeDefault="Deny" />
                <section name="isapiCgiRestriction" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
                <section name="requestFiltering" overrideModeDefault="Allow" />
            </sectionGroup>
            <section name="serverRuntime" overrideModeDefault="Deny" />
            <section name="serverSideInclude" overrideModeDefault="Deny" />
            <section name="staticContent" overrideModeDefault="Allow" />
            <sectionGroup name="tracing">
                <section name="traceFailedRequests" overrideModeDefault="Allow" />
                <section name="traceProviderDefinitions" overrideModeDefault="Deny" />
            </sectionGroup>
            <section name="urlCompression" overrideModeDefault="Allow" />
            <section name="validation" overrideModeDefault="Allow" />
            <sectionGroup name="webdav">
                <section name="globalSettings" overrideModeDefault="Deny" />
                <section name="authoring" overrideModeDefault="Deny" />
                <section name="authoringRules" overrideModeDefault="Deny" />
            </sectionGroup>
            <section name="webSocket" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.ftpServer">
            <section name="log" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
            <section name="firewallSupport" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
            <section name="caching" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
            <section name="providerDefinitions" overrideModeDefault="Deny" />
            <sectionGroup name="security">
                <section name="ipSecurity" overrideModeDefault="Deny" />
                <section name="requestFiltering" overrideModeDefault="Deny" />
                <section name="authorization" overrideModeDefault="Deny" />
                <section name="authentication" overrideModeDefault="Deny" />
            </sectionGroup>
            <section name="serverRuntime" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
        </sectionGroup>
    </configSections>

    <configProtectedData>
        <providers>
            <add name="IISWASOnlyRsaProvider" type="" description="Uses RsaCryptoServiceProvider to encrypt and decrypt" keyContainerName="iisWasKey" cspProviderName="" useMachineContainer="true" useOAEP="false" />
            <add name="IISCngProvider" type="Microsoft.ApplicationHost.CngProtectedConfigurationProvider" description="Uses Win32 Crypto CNG to encrypt and decrypt" keyContainerName="iisCngConfigurationKey" useMachineContainer="true" />
            <add name="IISWASOnlyCngProvider" type="Microsoft.ApplicationHost.CngProtectedConfigurationProvider" description="(WAS Only) Uses Win32 Crypto CNG to encrypt and decrypt" keyContainerName="iisCngWasKey" useMachineContainer="true" />
            <add name="AesProvider" type="Microsoft.ApplicationHost.AesProtectedConfigurationProvider" description="Uses an AES session key to encrypt and decrypt" keyContainerName="iisConfigurationKey" cspProviderName="" useOAEP="false" useMachineContainer="true" sessionKey="AQIAAA5mAAAApAAA6zyh2blqHSMzXhTlB+YYgtiQGX5fQvQmcA5m3Ji3dQ3lI5FQfuxRpGsGZkd8uwZ1xQNpy3kfQPmsgTh6Sn8v/O0DbHlA0T29wQhO3r3GSgzpbsb2Ja5cyDtzFv+UOZUmZpTuU6wGvfmXMmW0KrtgeBHbGYgLpXfcAkAKZzz7+eMUtwwYbhFO6qNhnuNk8ypaw7Yp0wZy7Ge7sTm4Sv6tSRTR6IkNd9Jbz7hnSWQ6ZPyvXhaDnRkn6O4pX14sX6SYEPL9NjByRLVjT2KWRdNc+MP8VlQQ5DKkQ5vaA/Kzdk7xnzkljwKqdbMbQhjbw6gx0KPNpb1VaVW0qcmXqNYK7g==" />
            <add name="IISWASOnlyAesProvider" type="Microsoft.ApplicationHost.AesProtectedConfigurationProvider" description="Uses an AES session key to encrypt and decrypt" keyContainerName="iisWasKey" cspProviderName="" useOAEP="false" useMachineContainer="true" sessionKey="AQIAAA5mAAAApAAAv41fN3jRlMK5w5Ffz0RrqdTwIvx6O2KqCMlxx0w5Gk5Bws3i8w5SydDplYV/TbUG16QKiVYKU9eEETLcHXsJyfHvNR1ZaCmKO8c+2ZgbAGGSWnrxAJ6gGgp7Q1rmnd2+WbNEyQhwIpa7nrWHW0ZC9Q8zK1C6oXNW3OTqmvgdqQEQl85jO94y7dHHcNkT1Ql6Jm1B+zB8Mc0HfcAOGy/eG1XPcE1K1HhqybLLdUCaT/yDHE/9WcIuoGAgKkN8Y8nhB6kiUDhLGYCSBd7eRLXZi0/i/MfUc3M2YZc8G/lmJ/sxmU5hqhT3b31MDSLlw4ivHCkc7F9lYtQ3iRFH2uMqIw==" />
        </providers>
    </configProtectedData>

    <system.applicationHost>

        <applicationPools>
            <add name="DefaultAppPool" />
            <add name=".NET v4.5 Classic" managedRuntimeVersion="v4.0" managedPipelineMode="Classic" />
            <add name=".NET v4.5" managedRuntimeVersion="v4.0" />
"#;

const MIDDLE: &str = r#"            <applicationPoolDefaults managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" />
            </applicationPoolDefaults>
        </applicationPools>

        <!--

          The <customMetadata> section is used internally by the Admin Base Objects
          (ABO) Compatibility component. Please do not modify its content.

        -->
        <customMetadata />

        <!--

          The <listenerAdapters> section defines the protocols with which the
          Windows Process Activation Service (WAS) binds.

        -->
        <listenerAdapters>
            <add name="http" />
        </listenerAdapters>

        <log>
            <centralBinaryLogFile enabled="true" directory="%SystemDrive%\inetpub\logs\LogFiles" />
            <centralW3CLogFile enabled="true" directory="%SystemDrive%\inetpub\logs\LogFiles" />
        </log>

        <sites>
            <site name="Default Web Site" id="1" serverAutoStart="true">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
                </application>
                <application path="/CertSrv/mscep" applicationPool="SCEP">
                    <virtualDirectory path="/" physicalPath="C:\Windows\system32\CertSrv\mscep" />
                </application>
                <application path="/CertSrv/mscep_admin" applicationPool="SCEP">
                    <virtualDirectory path="/" physicalPath="C:\Windows\system32\CertSrv\mscep_admin" />
                </application>
"#;

const TAIL_SITES: &str = r#"                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                    <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
                </bindings>
            </site>
            <siteDefaults>
                <logFile logFormat="W3C" directory="%SystemDrive%\inetpub\logs\LogFiles" />
                <traceFailedRequestsLogging directory="%SystemDrive%\inetpub\logs\FailedReqLogFiles" />
            </siteDefaults>
            <applicationDefaults applicationPool="DefaultAppPool" />
            <virtualDirectoryDefaults allowSubDirConfig="true" />
        </sites>

        <webLimits />

    </system.applicationHost>

    <system.webServer>

        <asp />

        <caching enabled="true" enableKernelCache="true">
        </caching>

        <cgi />

        <defaultDocument enabled="true">
            <files>
                <add value="Default.htm" />
                <add value="Default.asp" />
                <add value="index.htm" />
                <add value="index.html" />
                <add value="iisstart.htm" />
                <add value="default.aspx" />
            </files>
        </defaultDocument>

        <directoryBrowse enabled="false" />

        <fastCgi />

        <!--

          The <globalModules> section defines all native-code modules.
          To enable a module, specify it in the <modules> section.

        -->
        <globalModules>
            <add name="HttpLoggingModule" image="%windir%\System32\inetsrv\loghttp.dll" />
            <add name="UriCacheModule" image="%windir%\System32\inetsrv\cachuri.dll" />
            <add name="FileCacheModule" image="%windir%\System32\inetsrv\cachfile.dll" />
            <add name="TokenCacheModule" image="%windir%\System32\inetsrv\cachtokn.dll" />
            <add name="HttpCacheModule" image="%windir%\System32\inetsrv\cachhttp.dll" />
            <add name="StaticCompressionModule" image="%windir%\System32\inetsrv\compstat.dll" />
            <add name="DefaultDocumentModule" image="%windir%\System32\inetsrv\defdoc.dll" />
            <add name="DirectoryListingModule" image="%windir%\System32\inetsrv\dirlist.dll" />
            <add name="ProtocolSupportModule" image="%windir%\System32\inetsrv\protsup.dll" />
            <add name="StaticFileModule" image="%windir%\System32\inetsrv\static.dll" />
            <add name="AnonymousAuthenticationModule" image="%windir%\System32\inetsrv\authanon.dll" />
            <add name="RequestFilteringModule" image="%windir%\System32\inetsrv\modrqflt.dll" />
            <add name="CustomErrorModule" image="%windir%\System32\inetsrv\custerr.dll" />
            <add name="WindowsAuthenticationModule" image="%windir%\System32\inetsrv\authsspi.dll" />
            <add name="IsapiFilterModule" image="%windir%\System32\inetsrv\filter.dll" />
            <add name="IsapiModule" image="%windir%\System32\inetsrv\isapi.dll" />
            <add name="ManagedEngineV4.0_32bit" image="%windir%\Microsoft.NET\Framework\v4.0.30319\webengine4.dll" preCondition="integratedMode,runtimeVersionv4.0,bitness32" />
            <add name="ManagedEngineV4.0_64bit" image="%windir%\Microsoft.NET\Framework64\v4.0.30319\webengine4.dll" preCondition="integratedMode,runtimeVersionv4.0,bitness64" />
            <add name="ConfigurationValidationModule" image="%windir%\System32\inetsrv\validcfg.dll" />
        </globalModules>

        <handlers accessPolicy="Read, Script" />

        <httpCompression directory="%SystemDrive%\inetpub\temp\IIS Temporary Compressed Files">
            <scheme name="gzip" dll="%Windir%\system32\inetsrv\gzip.dll" />
            <staticTypes>
                <add mimeType="text/*" enabled="true" />
                <add mimeType="message/*" enabled="true" />
                <add mimeType="application/javascript" enabled="true" />
                <add mimeType="application/atom+xml" enabled="true" />
                <add mimeType="application/xaml+xml" enabled="true" />
                <add mimeType="image/svg+xml" enabled="true" />
                <add mimeType="*/*" enabled="false" />
            </staticTypes>
        </httpCompression>

        <httpErrors lockAttributes="allowAbsolutePathsWhenDelegated,defaultPath">
            <error statusCode="401" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="401.htm" />
            <error statusCode="403" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="403.htm" />
            <error statusCode="404" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="404.htm" />
            <error statusCode="405" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="405.htm" />
            <error statusCode="406" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="406.htm" />
            <error statusCode="412" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="412.htm" />
            <error statusCode="500" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="500.htm" />
            <error statusCode="501" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="501.htm" />
            <error statusCode="502" prefixLanguageFilePath="%SystemDrive%\inetpub\custerr" path="502.htm" />
        </httpErrors>

        <httpLogging dontLog="false" />

        <httpProtocol>
            <customHeaders>
                <clear />
                <add name="X-Powered-By" value="ASP.NET" />
            </customHeaders>
            <redirectHeaders>
                <clear />
            </redirectHeaders>
        </httpProtocol>

        <httpRedirect />

        <httpTracing />

        <isapiFilters>
            <filter name="ASP.Net_4.0_64bit" path="%windir%\Microsoft.NET\Framework64\v4.0.30319\aspnet_filter.dll" enableCache="true" preCondition="runtimeVersionv4.0,bitness64" />
            <filter name="ASP.Net_4.0_32bit" path="%windir%\Microsoft.NET\Framework\v4.0.30319\aspnet_filter.dll" enableCache="true" preCondition="runtimeVersionv4.0,bitness32" />
        </isapiFilters>

        <odbcLogging />

        <security>

            <access sslFlags="None" />

            <applicationDependencies>
                <application name="Active Server Pages" groupId="ASP" />
            </applicationDependencies>

            <authentication>

                <anonymousAuthentication enabled="true" userName="IUSR" />

                <basicAuthentication />

                <clientCertificateMappingAuthentication />

                <digestAuthentication />

                <iisClientCertificateMappingAuthentication />

                <windowsAuthentication enabled="false">
                    <providers>
                        <add value="Negotiate" />
                        <add value="NTLM" />
                    </providers>
                </windowsAuthentication>

            </authentication>

            <authorization>
                <add accessType="Allow" users="*" />
            </authorization>

            <ipSecurity />

            <isapiCgiRestriction>
                <add path="%windir%\Microsoft.NET\Framework64\v4.0.30319\webengine4.dll" allowed="true" groupId="ASP.NET v4.0.30319" description="ASP.NET v4.0.30319" />
                <add path="%windir%\Microsoft.NET\Framework\v4.0.30319\webengine4.dll" allowed="true" groupId="ASP.NET v4.0.30319" description="ASP.NET v4.0.30319" />
                <add path="C:\Windows\system32\CertSrv\mscep\mscep.dll" allowed="true" />
            </isapiCgiRestriction>

            <requestFiltering>
                <fileExtensions allowUnlisted="true" applyToWebDAV="true">
                    <add fileExtension=".asa" allowed="false" />
                    <add fileExtension=".asax" allowed="false" />
                    <add fileExtension=".ascx" allowed="false" />
                    <add fileExtension=".config" allowed="false" />
                    <add fileExtension=".cs" allowed="false" />
                    <add fileExtension=".csproj" allowed="false" />
                    <add fileExtension=".mdb" allowed="false" />
                    <add fileExtension=".resx" allowed="false" />
                    <add fileExtension=".vb" allowed="false" />
                </fileExtensions>
                <verbs allowUnlisted="true" applyToWebDAV="true" />
                <hiddenSegments applyToWebDAV="true">
                    <add segment="web.config" />
                    <add segment="bin" />
                    <add segment="App_code" />
                    <add segment="App_GlobalResources" />
                    <add segment="App_LocalResources" />
                    <add segment="App_WebReferences" />
                    <add segment="App_Data" />
                    <add segment="App_Browsers" />
                </hiddenSegments>
            </requestFiltering>

        </security>

        <serverRuntime />

        <serverSideInclude />

        <staticContent lockAttributes="isDocFooterFileName">
            <mimeMap fileExtension=".cer" mimeType="application/x-x509-ca-cert" />
            <mimeMap fileExtension=".crl" mimeType="application/pkix-crl" />
            <mimeMap fileExtension=".css" mimeType="text/css" />
            <mimeMap fileExtension=".htm" mimeType="text/html" />
            <mimeMap fileExtension=".html" mimeType="text/html" />
            <mimeMap fileExtension=".js" mimeType="application/javascript" />
            <mimeMap fileExtension=".json" mimeType="application/json" />
            <mimeMap fileExtension=".p7b" mimeType="application/x-pkcs7-certificates" />
            <mimeMap fileExtension=".png" mimeType="image/png" />
            <mimeMap fileExtension=".txt" mimeType="text/plain" />
            <mimeMap fileExtension=".xml" mimeType="text/xml" />
        </staticContent>

        <tracing>

            <traceFailedRequests>
                <add path="*">
                    <traceAreas>
                        <add provider="ASP" verbosity="Verbose" />
                        <add provider="ASPNET" areas="Infrastructure,Module,Page,AppServices" verbosity="Verbose" />
                        <add provider="ISAPI Extension" verbosity="Verbose" />
                        <add provider="WWW Server" areas="Authentication,Security,Filter,StaticFile,CGI,Compression,Cache,RequestNotifications,Module,FastCGI,WebSocket" verbosity="Verbose" />
                    </traceAreas>
                    <failureDefinitions statusCodes="500" />
                </add>
            </traceFailedRequests>

            <traceProviderDefinitions>
                <add name="WWW Server" guid="{3a2a4e84-4c21-4981-ae10-3fda0d9b0f83}">
                    <areas>
                        <clear />
                        <add name="Authentication" value="2" />
                        <add name="Security" value="4" />
                        <add name="Filter" value="8" />
                        <add name="StaticFile" value="16" />
                        <add name="CGI" value="32" />
                        <add name="Compression" value="64" />
                        <add name="Cache" value="128" />
                        <add name="RequestNotifications" value="256" />
                        <add name="Module" value="512" />
                        <add name="FastCGI" value="4096" />
                        <add name="WebSocket" value="16384" />
                    </areas>
                </add>
                <add name="ASPNET" guid="{AFF081FE-0247-4275-9C4E-021F3DC1DA35}">
                    <areas>
                        <add name="Infrastructure" value="1" />
                        <add name="Module" value="2" />
                        <add name="Page" value="4" />
                        <add name="AppServices" value="8" />
                    </areas>
                </add>
            </traceProviderDefinitions>

        </tracing>

        <urlCompression />

        <validation />
        <webdav>
            <globalSettings>
                <propertyStores>
                    <add name="webdav_simple_prop" image="%windir%\system32\inetsrv\webdav_simple_prop.dll" image32="%windir%\syswow64\inetsrv\webdav_simple_prop.dll" />
                </propertyStores>
                <lockStores>
                    <add name="webdav_simple_lock" image="%windir%\system32\inetsrv\webdav_simple_lock.dll" image32="%windir%\syswow64\inetsrv\webdav_simple_lock.dll" />
                </lockStores>
            </globalSettings>
            <authoring>
                <locks enabled="true" lockStore="webdav_simple_lock" />
            </authoring>
            <authoringRules />
        </webdav>
        <webSocket />
        <applicationInitialization />

    </system.webServer>
    <location path="" overrideMode="Allow">
        <system.webServer>
            <modules>
                <add name="IsapiFilterModule" lockItem="true" />
                <add name="HttpLoggingModule" lockItem="true" />
                <add name="UriCacheModule" lockItem="true" />
                <add name="FileCacheModule" lockItem="true" />
                <add name="TokenCacheModule" lockItem="true" />
                <add name="HttpCacheModule" lockItem="true" />
                <add name="StaticCompressionModule" lockItem="true" />
                <add name="DefaultDocumentModule" lockItem="true" />
                <add name="DirectoryListingModule" lockItem="true" />
                <add name="ProtocolSupportModule" lockItem="true" />
                <add name="StaticFileModule" lockItem="true" />
                <add name="AnonymousAuthenticationModule" lockItem="true" />
                <add name="RequestFilteringModule" lockItem="true" />
                <add name="CustomErrorModule" lockItem="true" />
                <add name="WindowsAuthenticationModule" lockItem="true" />
                <add name="IsapiModule" lockItem="true" />
                <add name="ConfigurationValidationModule" lockItem="true" />
                <add name="OutputCache" type="System.Web.Caching.OutputCacheModule" preCondition="managedHandler" />
                <add name="Session" type="System.Web.SessionState.SessionStateModule" preCondition="managedHandler" />
                <add name="WindowsAuthentication" type="System.Web.Security.WindowsAuthenticationModule" preCondition="managedHandler" />
                <add name="FormsAuthentication" type="System.Web.Security.FormsAuthenticationModule" preCondition="managedHandler" />
                <add name="DefaultAuthentication" type="System.Web.Security.DefaultAuthenticationModule" preCondition="managedHandler" />
                <add name="RoleManager" type="System.Web.Security.RoleManagerModule" preCondition="managedHandler" />
                <add name="UrlAuthorization" type="System.Web.Security.UrlAuthorizationModule" preCondition="managedHandler" />
                <add name="AnonymousIdentification" type="System.Web.Security.AnonymousIdentificationModule" preCondition="managedHandler" />
                <add name="Profile" type="System.Web.Profile.ProfileModule" preCondition="managedHandler" />
                <add name="UrlMappingsModule" type="System.Web.UrlMappingsModule" preCondition="managedHandler" />
                <add name="ServiceModel-4.0" type="System.ServiceModel.Activation.ServiceHttpModule,System.ServiceModel.Activation,Version=4.0.0.0,Culture=neutral,PublicKeyToken=31bf3856ad364e35" preCondition="managedHandler,runtimeVersionv4.0" />
                <add name="UrlRoutingModule-4.0" type="System.Web.Routing.UrlRoutingModule" preCondition="managedHandler,runtimeVersionv4.0" />
                <add name="ScriptModule-4.0" type="System.Web.Handlers.ScriptModule, System.Web.Extensions, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35" preCondition="managedHandler,runtimeVersionv4.0" />
            </modules>
            <handlers accessPolicy="Read, Script">
                <add name="svc-ISAPI-4.0_64bit" path="*.svc" verb="*" modules="IsapiModule" scriptProcessor="%windir%\Microsoft.NET\Framework64\v4.0.30319\aspnet_isapi.dll" preCondition="classicMode,runtimeVersionv4.0,bitness64" />
                <add name="svc-Integrated-4.0" path="*.svc" verb="*" type="System.ServiceModel.Activation.ServiceHttpHandlerFactory, System.ServiceModel.Activation, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35" preCondition="integratedMode,runtimeVersionv4.0" />
                <add name="ISAPI-dll" path="*.dll" verb="*" modules="IsapiModule" resourceType="File" requireAccess="Execute" allowPathInfo="true" />
                <add name="ExtensionlessUrlHandler-ISAPI-4.0_64bit" path="*." verb="GET,HEAD,POST,DEBUG" modules="IsapiModule" scriptProcessor="%windir%\Microsoft.NET\Framework64\v4.0.30319\aspnet_isapi.dll" preCondition="classicMode,runtimeVersionv4.0,bitness64" responseBufferLimit="0" />
                <add name="ExtensionlessUrlHandler-Integrated-4.0" path="*." verb="GET,HEAD,POST,DEBUG" type="System.Web.Handlers.TransferRequestHandler" preCondition="integratedMode,runtimeVersionv4.0" responseBufferLimit="0" />
                <add name="StaticFile" path="*" verb="*" modules="StaticFileModule,DefaultDocumentModule,DirectoryListingModule" resourceType="Either" requireAccess="Read" />
            </handlers>
        </system.webServer>
    </location>
    <location path="Default Web Site/CertSrv/mscep_admin">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="false" />
                    <windowsAuthentication enabled="true" />
                </authentication>
            </security>
        </system.webServer>
    </location>
    <location path="Default Web Site/CertSrv/mscep">
        <system.webServer>
            <security>
                <requestFiltering>
                    <requestLimits maxUrl="65534" maxQueryString="65534" />
                </requestFiltering>
                <authentication>
                    <anonymousAuthentication enabled="true" />
                    <windowsAuthentication enabled="false" />
                </authentication>
            </security>
        </system.webServer>
    </location>
    <location path="Default Web Site">
        <system.webServer>
            <security>
                <requestFiltering>
                    <requestLimits maxUrl="65534" maxQueryString="65534" />
                </requestFiltering>
            </security>
        </system.webServer>
    </location>
    <location path="Default Web Site/CertificateRegistrationSvc">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="true" />
                    <windowsAuthentication enabled="false" />
                </authentication>
            </security>
        </system.webServer>
    </location>
</configuration>
"#;

/// `applicationHost.config` as the collector copies it: the SCEP pool's password attribute
/// replaced by `[removed]`, CRLF line ends.
pub fn application_host(server: &Server) -> String {
    let pool = format!(
        "            <add name=\"SCEP\" managedRuntimeVersion=\"v4.0\">\n                <processModel identityType=\"SpecificUser\" userName=\"{SERVICE_ACCOUNT}\" password=\"[removed]\" />\n            </add>\n"
    );
    let crp = format!(
        "                <application path=\"/CertificateRegistrationSvc\" applicationPool=\"SCEP\">\n                    <virtualDirectory path=\"/\" physicalPath=\"{}\" />\n                </application>\n",
        crp_folder(server)
    );
    [HEAD, &pool, MIDDLE, &crp, TAIL_SITES]
        .concat()
        .replace('\n', "\r\n")
}

/// The CertificateRegistrationSvc `web.config`: the WCF service the policy module calls.
pub fn crp_web_config(server: &Server) -> String {
    let assembly = if server.unified().is_some() {
        "Microsoft.Management.Services.CertificateRegistrationSvc"
    } else {
        "Microsoft.ConfigurationManager.CertRegPoint"
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="aspnet:UseTaskFriendlySynchronizationContext" value="true" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.7.2" />
    <httpRuntime targetFramework="4.7.2" />
  </system.web>
  <system.serviceModel>
    <services>
      <service name="{assembly}.CertificateController" behaviorConfiguration="CertificateRegistrationBehavior">
        <endpoint address="" binding="webHttpBinding" bindingConfiguration="HttpsBinding" contract="{assembly}.ICertificateController" behaviorConfiguration="WebBehavior" />
      </service>
    </services>
    <bindings>
      <webHttpBinding>
        <binding name="HttpsBinding" maxReceivedMessageSize="65536">
          <security mode="Transport">
            <transport clientCredentialType="None" />
          </security>
        </binding>
      </webHttpBinding>
    </bindings>
    <behaviors>
      <endpointBehaviors>
        <behavior name="WebBehavior">
          <webHttp />
        </behavior>
      </endpointBehaviors>
      <serviceBehaviors>
        <behavior name="CertificateRegistrationBehavior">
          <serviceMetadata httpGetEnabled="false" httpsGetEnabled="false" />
          <serviceDebug includeExceptionDetailInFaults="false" />
        </behavior>
      </serviceBehaviors>
    </behaviors>
    <serviceHostingEnvironment aspNetCompatibilityEnabled="true" multipleSiteBindingsEnabled="true" />
  </system.serviceModel>
  <system.webServer>
    <modules runAllManagedModulesForAllRequests="true" />
    <directoryBrowse enabled="false" />
  </system.webServer>
</configuration>
"#
    )
    .replace('\n', "\r\n")
}

/// `netsh http show sslcert` lines: IIS's one binding, `0.0.0.0:443`.
pub fn sslcert(fields: SslcertFields, thumbprint: &str) -> Vec<String> {
    // Labels are padded to 29 columns; longer ones get a space before the colon.
    let field = |label: &str, value: &str| {
        if label.len() < 29 {
            format!("    {label:<29}: {value}")
        } else {
            format!("    {label} : {value}")
        }
    };
    let mut lines = vec![
        String::new(),
        "SSL Certificate bindings:".into(),
        "-------------------------".into(),
        String::new(),
        field("IP:port", "0.0.0.0:443"),
        field("Certificate Hash", &thumbprint.to_lowercase()),
        field("Application ID", IIS_APP_ID),
        field("Certificate Store Name", "MY"),
        field("Verify Client Certificate Revocation", "Enabled"),
        field(
            "Verify Revocation Using Cached Client Certificate Only",
            "Disabled",
        ),
        field("Usage Check", "Enabled"),
        field("Revocation Freshness Time", "0"),
        field("URL Retrieval Timeout", "0"),
        field("Ctl Identifier", "(null)"),
        field("Ctl Store Name", "(null)"),
        field("DS Mapper Usage", "Disabled"),
        field("Negotiate Client Certificate", "Disabled"),
        field("Reject Connections", "Disabled"),
    ];
    match fields {
        SslcertFields::Server2019 => {}
        SslcertFields::Server2016 => lines.push(field("Disable HTTP2", "Not Set")),
        SslcertFields::Server2022 => {
            for label in [
                "Disable HTTP2",
                "Disable QUIC",
                "Disable TLS1.2",
                "Disable TLS1.3",
                "Disable OCSP Stapling",
                "Enable Token Binding",
                "Log Extended Events",
                "Disable Legacy TLS Versions",
                "Enable Session Ticket",
            ] {
                lines.push(field(label, "Not Set"));
            }
        }
    }
    lines.push(String::new());
    lines.push(String::new());
    lines
}

/// A device that enrolled through NDES: its user agent.
const DEVICES: &[&str] = &[
    "Dalvik/2.1.0+(Linux;+U;+Android+14;+SM-S911B+Build/UP1A.231005.007)",
    "Mozilla/4.0+(compatible;+Win32;+NDES+client)",
    "profiled/1.0+CFNetwork/1568.200.51+Darwin/24.1.0",
    "Mozilla/4.0+(compatible;+Win32;+NDES+client)",
    "Dalvik/2.1.0+(Linux;+U;+Android+13;+Pixel+7+Build/TQ3A.230901.001)",
];

/// A base64 SCEP message of about `len` characters, URL-encoded as devices send it.
fn scep_message(seed: &str, len: usize) -> String {
    let mut bytes = Vec::new();
    let mut block = Sha1::digest(seed.as_bytes()).to_vec();
    while bytes.len() * 4 / 3 < len {
        bytes.extend_from_slice(&block);
        block = Sha1::digest(&block).to_vec();
    }
    // A PKCS#7 SignedData starts like this; the rest is opaque to the log.
    let mut der = vec![
        0x30, 0x82, 0x07, 0x5a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    der.extend_from_slice(&bytes);
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der)
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

/// One W3C log day: the devices' SCEP enrollments of that day (UTC), each GetCACaps,
/// GetCACert, the policy module's VerifyRequest (201) and the PKIOperation (200).
pub fn w3c_log(day: OffsetDateTime, enrollments: &[(u8, u8, u8)]) -> String {
    let mut lines = vec![
        "#Software: Microsoft Internet Information Services 10.0".to_owned(),
        "#Version: 1.0".to_owned(),
    ];
    let at = |h: u8, m: u8, s: u8| utc(day.year(), u8::from(day.month()), day.day(), h, m, s);
    if let Some(&(h, m, s)) = enrollments.first() {
        lines.push(format!("#Date: {}", iso_space(at(h, m, s))));
    }
    lines.push("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken".into());
    for (i, &(h, m, s)) in enrollments.iter().enumerate() {
        let start = at(h, m, s);
        let agent = DEVICES[(usize::from(day.day()) + i) % DEVICES.len()];
        let t = |secs: i64| iso_space(start + Duration::seconds(secs));
        let message = scep_message(&format!("{} {h}:{m}:{s}", day.day()), 2600);
        lines.push(format!(
            "{} {IP} GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=GetCACaps&message=default 443 - {PROXY_IP} {agent} - 200 0 0 {}",
            t(0),
            31 + i * 7 % 40
        ));
        lines.push(format!(
            "{} {IP} GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=GetCACert&message=default 443 - {PROXY_IP} {agent} - 200 0 0 {}",
            t(0),
            15 + i * 3 % 20
        ));
        lines.push(format!(
            "{} {IP} POST /CertificateRegistrationSvc/Certificate/VerifyRequest - 443 - {IP} NDES_Plugin - 201 0 0 {}",
            t(2),
            341 + i * 37 % 300
        ));
        lines.push(format!(
            "{} {IP} GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=PKIOperation&message={message} 443 - {PROXY_IP} {agent} - 200 0 0 {}",
            t(2),
            1187 + i * 53 % 700
        ));
    }
    crate::winfmt::crlf_lines(&lines)
}
