//! IIS `applicationHost.config` (and a site's `web.config`).
//!
//! XML, as IIS writes it: UTF-8 with a BOM, tab-indented (abridged):
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <configuration>
//!     <system.applicationHost>
//!         <applicationPools>
//!             <add name="SCEP" managedRuntimeVersion="v4.0">
//!                 <processModel identityType="SpecificUser" userName="CONTOSO\svc-ndes" password="[enc:IISWASOnlyCngProvider:...:enc]" />
//!             </add>
//!         </applicationPools>
//!         <sites>
//!             <site name="Default Web Site" id="1">
//!                 <application path="/CertSrv/mscep" applicationPool="SCEP" />
//!                 <bindings>
//!                     <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
//!                 </bindings>
//!             </site>
//!         </sites>
//!     </system.applicationHost>
//!     <location path="Default Web Site/CertSrv/mscep">
//!         <system.webServer>
//!             <security>
//!                 <requestFiltering>
//!                     <requestLimits maxUrl="65534" maxQueryString="65534" />
//! ```
//!
//! Read: sites (name, id, bindings with port and host split from `bindingInformation`,
//! applications and their pools), application pools (runtime, `autoStart`, `processModel`
//! identity — never the `password`), and `requestFiltering/requestLimits` at server level
//! (location `""`), per `<location path>`, and in a `web.config` (location `web.config`).
//! Attributes IIS inherits (`applicationDefaults`, `applicationPoolDefaults`) fill missing
//! ones, spanned on the defaults they came from. Spans cover attribute values. A DTD is
//! refused (roxmltree's default), so entity expansion bombs never run.

use roxmltree::{Document, Node};

use super::ParseError;
use crate::model::{
    AppPool, IisApplication, IisBinding, IisConfig, IisSite, RequestLimits, Spanned,
};
use crate::source::Source;

/// The location name of limits read from a `web.config` (no `<system.applicationHost>`).
const WEB_CONFIG: &str = "web.config";

/// Recognizes a `<configuration>` document with IIS sections.
pub fn sniff(text: &str) -> bool {
    root_is_configuration(text)
        && (text.contains("<system.applicationHost") || text.contains("<system.webServer"))
}

/// Whether the first element (after the XML declaration, comments and a DOCTYPE) is
/// `<configuration>`; checked on the text so that a truncated file is still recognized.
fn root_is_configuration(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        let skipped = if rest.starts_with("<?") {
            rest.split_once("?>").map(|(_, after)| after)
        } else if rest.starts_with("<!--") {
            rest.split_once("-->").map(|(_, after)| after)
        } else if let Some(doctype) = rest.strip_prefix("<!DOCTYPE") {
            return is_configuration_tag(doctype.trim_start());
        } else {
            return rest.strip_prefix('<').is_some_and(is_configuration_tag);
        };
        match skipped {
            Some(after) => rest = after.trim_start(),
            None => return false,
        }
    }
}

fn is_configuration_tag(text: &str) -> bool {
    text.strip_prefix("configuration").is_some_and(|after| {
        after
            .chars()
            .next()
            .is_none_or(|c| c == '>' || c == '/' || c == '[' || c.is_whitespace())
    })
}

/// Parses `applicationHost.config` or a `web.config`.
pub fn parse(source: &Source) -> Result<IisConfig, ParseError> {
    let document = Document::parse(&source.text).map_err(|error| xml_error(source, &error))?;
    let root = document.root_element();
    if !root.has_tag_name("configuration") {
        return Err(ParseError::at(
            format!(
                "the root element is <{}>, not <configuration>",
                root.tag_name().name()
            ),
            tag_span(source, root),
        ));
    }
    let app_host = child(root, "system.applicationHost");
    let mut config = IisConfig::default();
    if let Some(app_host) = app_host {
        config.sites = sites(source, app_host)?;
        config.app_pools = app_pools(source, app_host);
    }
    for section in root.children().filter(Node::is_element) {
        match section.tag_name().name() {
            "system.webServer" => {
                let location = if app_host.is_some() { "" } else { WEB_CONFIG };
                if let Some(limits) = request_limits(source, section, None, location)? {
                    config.request_limits.push(limits);
                }
            }
            "location" => {
                config
                    .request_limits
                    .extend(location_limits(source, section, app_host.is_some())?)
            }
            _ => {}
        }
    }
    Ok(config)
}

/// A roxmltree error at its position (row/column turned back into a byte offset).
fn xml_error(source: &Source, error: &roxmltree::Error) -> ParseError {
    let position = error.pos();
    let offset = offset_of(&source.text, position.row, position.col);
    let reason = match error {
        roxmltree::Error::DtdDetected => {
            "the XML has a DTD (<!DOCTYPE ...>), which IIS configuration never has; refused so \
             that entity definitions cannot expand"
                .to_string()
        }
        other => format!("not well-formed XML: {other}"),
    };
    ParseError::at(reason, source.span(offset..offset + 1))
}

/// The byte offset of a 1-based row and character column.
fn offset_of(text: &str, row: u32, col: u32) -> usize {
    let line_start = match row.checked_sub(2) {
        None => 0,
        Some(newlines_before) => text
            .match_indices('\n')
            .nth(newlines_before as usize)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    char_offset(text, line_start, col)
}

fn char_offset(text: &str, line_start: usize, col: u32) -> usize {
    let line = text.get(line_start..).unwrap_or_default();
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| c.has_tag_name(name))
}

/// Follows a path of child element names.
fn descend<'a, 'i>(node: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node, |node, name| child(node, name))
}

/// An attribute's value, spanned on the text between its quotes.
fn attr(source: &Source, node: Node<'_, '_>, name: &str) -> Option<Spanned<String>> {
    let attribute = node.attribute_node(name)?;
    Some(Spanned::new(
        attribute.value().to_string(),
        source.span(attribute.range_value()),
    ))
}

/// The span of an element's `<name`, for facts that have no attribute of their own.
fn tag_span(source: &Source, node: Node<'_, '_>) -> crate::source::Span {
    let start = node.range().start;
    source.span(start..start + 1 + node.tag_name().name().len())
}

/// An integer attribute; a value IIS could not read either is an error at it.
fn number(
    source: &Source,
    node: Node<'_, '_>,
    name: &str,
) -> Result<Option<Spanned<i64>>, ParseError> {
    let Some(text) = attr(source, node, name) else {
        return Ok(None);
    };
    match text.value.trim().parse::<i64>() {
        Ok(value) => Ok(Some(Spanned {
            value,
            span: text.span,
        })),
        Err(_) => Err(ParseError {
            reason: format!(
                "`{name}=\"{}\"` on <{}> is not a number",
                text.value,
                node.tag_name().name()
            ),
            span: text.span,
        }),
    }
}

fn sites(source: &Source, app_host: Node<'_, '_>) -> Result<Vec<IisSite>, ParseError> {
    let Some(sites) = child(app_host, "sites") else {
        return Ok(Vec::new());
    };
    let server_pool = child(sites, "applicationDefaults")
        .and_then(|defaults| attr(source, defaults, "applicationPool"));
    let mut out = Vec::new();
    for site in children(sites, "site") {
        let Some(name) = attr(source, site, "name") else {
            continue;
        };
        let site_pool = child(site, "applicationDefaults")
            .and_then(|defaults| attr(source, defaults, "applicationPool"))
            .or_else(|| server_pool.clone());
        let bindings = child(site, "bindings")
            .map(|b| {
                children(b, "binding")
                    .filter_map(|b| binding(source, b))
                    .collect()
            })
            .unwrap_or_default();
        let applications = children(site, "application")
            .filter_map(|app| {
                Some(IisApplication {
                    path: attr(source, app, "path")?,
                    app_pool: attr(source, app, "applicationPool").or_else(|| site_pool.clone()),
                })
            })
            .collect();
        out.push(IisSite {
            name,
            id: number(source, site, "id")?,
            bindings,
            applications,
        });
    }
    Ok(out)
}

fn binding(source: &Source, node: Node<'_, '_>) -> Option<IisBinding> {
    let protocol = attr(source, node, "protocol")?;
    let attribute = node.attribute_node("bindingInformation")?;
    let binding_information = Spanned::new(
        attribute.value().to_string(),
        source.span(attribute.range_value()),
    );
    let is_http = ["http", "https"]
        .iter()
        .any(|p| protocol.value.eq_ignore_ascii_case(p));
    let (port, host) = if is_http {
        port_and_host(source, attribute.range_value(), &binding_information)
    } else {
        // net.tcp `808:*`, net.pipe `*`: not `IP:port:host`.
        (None, None)
    };
    Some(IisBinding {
        protocol,
        binding_information,
        port,
        host,
        cert_hash: attr(source, node, "certificateHash").map(|h| h.map(|h| h.to_ascii_uppercase())),
        cert_store: attr(source, node, "certificateStoreName"),
    })
}

/// `IP:port:host`, split from the right (IPv6 addresses have colons). The parts are spanned
/// precisely when the attribute's text is its value (no entity references in it).
fn port_and_host(
    source: &Source,
    range: std::ops::Range<usize>,
    info: &Spanned<String>,
) -> (Option<Spanned<i64>>, Option<Spanned<String>>) {
    let raw = source.text.get(range).filter(|raw| *raw == info.value);
    let text = raw.unwrap_or(info.value.as_str());
    let Some((rest, host)) = text.rsplit_once(':') else {
        return (None, None);
    };
    let port_text = rest.rsplit_once(':').map_or(rest, |(_, port)| port);
    let span_of = |part: &str| match raw {
        Some(_) => Some(source.span_of(part)),
        None => info.span,
    };
    let port = port_text.trim().parse::<i64>().ok().map(|value| Spanned {
        value,
        span: span_of(port_text),
    });
    let host = (!host.trim().is_empty()).then(|| Spanned {
        value: host.trim().to_string(),
        span: span_of(host),
    });
    (port, host)
}

fn app_pools(source: &Source, app_host: Node<'_, '_>) -> Vec<AppPool> {
    let Some(pools) = child(app_host, "applicationPools") else {
        return Vec::new();
    };
    let defaults = child(pools, "applicationPoolDefaults");
    let default_model = defaults.and_then(|d| child(d, "processModel"));
    let inherited = |own: Option<Node<'_, '_>>, fallback: Option<Node<'_, '_>>, name: &str| {
        own.and_then(|n| attr(source, n, name))
            .or_else(|| fallback.and_then(|n| attr(source, n, name)))
    };
    children(pools, "add")
        .filter_map(|pool| {
            let model = child(pool, "processModel");
            Some(AppPool {
                name: attr(source, pool, "name")?,
                identity_type: inherited(model, default_model, "identityType"),
                // Only the user name: the password attribute is never read.
                user_name: inherited(model, default_model, "userName"),
                runtime: inherited(Some(pool), defaults, "managedRuntimeVersion"),
                auto_start: inherited(Some(pool), defaults, "autoStart")
                    .map(|flag| flag.map(|f| f.trim().eq_ignore_ascii_case("true"))),
            })
        })
        .collect()
}

/// The limits inside one `<location>`; `path=""` or `"."` is the server level (or the
/// `web.config` itself).
fn location_limits(
    source: &Source,
    location: Node<'_, '_>,
    in_app_host: bool,
) -> Result<Vec<RequestLimits>, ParseError> {
    let path = attr(source, location, "path");
    let is_self = path
        .as_ref()
        .is_none_or(|p| matches!(p.value.trim(), "" | "."));
    let mut out = Vec::new();
    for section in children(location, "system.webServer") {
        let limits = match (&path, is_self) {
            (Some(path), false) => request_limits(source, section, Some(path.clone()), "")?,
            _ => {
                let name = if in_app_host { "" } else { WEB_CONFIG };
                request_limits(source, section, None, name)?
            }
        };
        out.extend(limits);
    }
    Ok(out)
}

/// `security/requestFiltering/requestLimits` of one `<system.webServer>`; `location` names
/// it when `path` is not given (then spanned on the `<requestLimits` tag).
fn request_limits(
    source: &Source,
    web_server: Node<'_, '_>,
    path: Option<Spanned<String>>,
    location: &str,
) -> Result<Option<RequestLimits>, ParseError> {
    let Some(node) = descend(
        web_server,
        &["security", "requestFiltering", "requestLimits"],
    ) else {
        return Ok(None);
    };
    let location =
        path.unwrap_or_else(|| Spanned::new(location.to_string(), tag_span(source, node)));
    Ok(Some(RequestLimits {
        location,
        max_url: number(source, node, "maxUrl")?,
        max_query_string: number(source, node, "maxQueryString")?,
        max_allowed_content_length: number(source, node, "maxAllowedContentLength")?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(
            SourceId(0),
            "applicationHost.config",
            text.to_string(),
            None,
        )
    }

    #[test]
    fn sniffing() {
        assert!(sniff(
            "<?xml version=\"1.0\"?>\r\n<!-- c -->\r\n<configuration>\r\n<system.webServer/>"
        ));
        assert!(sniff("<configuration><system.applicationHost><sites>"));
        assert!(sniff(
            "<!DOCTYPE configuration [<!ENTITY a \"b\">]><configuration><system.webServer/>"
        ));
        assert!(!sniff("<configuration><appSettings/></configuration>"));
        assert!(!sniff("<configurations><system.webServer/>"));
        assert!(!sniff("<E2ETraceEvent><system.webServer/>"));
    }

    #[test]
    fn bindings_split_from_the_right() {
        let text = "<configuration><system.applicationHost><sites><site name=\"S\" id=\"2\"><bindings>\
            <binding protocol=\"https\" bindingInformation=\"[::1]:8443:ndes.contoso.com\" certificateHash=\"ab12\" />\
            <binding protocol=\"http\" bindingInformation=\"*:80:\" />\
            <binding protocol=\"net.tcp\" bindingInformation=\"808:*\" />\
            <binding protocol=\"https\" bindingInformation=\"*:443:a&amp;b\" />\
            </bindings></site></sites></system.applicationHost></configuration>";
        let s = src(text);
        let config = parse(&s).unwrap();
        let bindings = &config.sites[0].bindings;
        let port = bindings[0].port.as_ref().unwrap();
        assert_eq!((port.value, s.slice(port.span.unwrap())), (8443, "8443"));
        let host = bindings[0].host.as_ref().unwrap();
        assert_eq!(s.slice(host.span.unwrap()), "ndes.contoso.com");
        assert_eq!(bindings[0].cert_hash.as_ref().unwrap().value, "AB12");
        assert_eq!(bindings[1].port.as_ref().unwrap().value, 80);
        assert_eq!(bindings[1].host, None);
        assert_eq!(bindings[2].port, None);
        let host = bindings[3].host.as_ref().unwrap();
        assert_eq!(host.value, "a&b");
        assert_eq!(s.slice(host.span.unwrap()), "*:443:a&amp;b");
    }

    #[test]
    fn errors_carry_positions() {
        let s = src("<configuration>\n  <system.webServer>\n    <x a=\"&bad;\"/>\n");
        let error = parse(&s).unwrap_err();
        assert!(
            error.reason.starts_with("not well-formed XML"),
            "{}",
            error.reason
        );
        assert_eq!(s.line_col(error.span.unwrap().start).0, 3);
        let s = src(
            "<!DOCTYPE configuration [<!ENTITY a \"aaaa\">]><configuration><system.webServer/></configuration>",
        );
        assert!(parse(&s).unwrap_err().reason.contains("DTD"));
        let s = src(
            "<configuration><system.webServer><security><requestFiltering><requestLimits maxUrl=\"big\"/></requestFiltering></security></system.webServer></configuration>",
        );
        let error = parse(&s).unwrap_err();
        assert_eq!(s.slice(error.span.unwrap()), "big");
        assert!(parse(&src("<other/>")).is_err());
    }

    #[test]
    fn offsets_from_rows_and_columns() {
        let text = "ab\r\ncé d\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 1), 4);
        assert_eq!(offset_of(text, 2, 4), 8);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
