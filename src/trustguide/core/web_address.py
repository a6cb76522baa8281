"""The one rule for the site's address, wherever it is given (organisation.yml, mkdocs.yml, `--site-url`).

The address is printed into every page (canonical links, the sitemap, the language switcher), into PDFs and their
QR codes: it must be a plain http(s) address, with none of the characters that would end an HTML attribute or start
markup, so that no value can become script however a template prints it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# RFC 3986's characters of a path, without the quote characters (' " `) and without < > \ { } | ^ and spaces, which
# are not allowed unencoded in an address anyway: a browser would percent-encode them, a template would not.
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
_PATH = re.compile(r"^[A-Za-z0-9._~!$&()*+,;=:@%/-]*$")
EXAMPLE = "https://www.example.org/guide/"


def web_address_problem(value: str) -> str | None:
    """Why `value` is not a site address the guide can print safely, or None when it is one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{value}' is not a web address like {EXAMPLE}"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return f"'{value}' has a query or fragment ('?', '#'); give the address of the guide's folder, like {EXAMPLE}"
    if parts.username or parts.password or not _HOST.match(parts.netloc):
        return f"'{value}' has a host name the guide cannot use; write it like {EXAMPLE}"
    if not _PATH.match(parts.path):
        odd = sorted({ch for ch in parts.path if not _PATH.match(ch)})
        shown = " ".join(repr(ch) for ch in odd)
        return (f"'{value}' has characters that are not allowed in an address ({shown}); percent-encode them or "
                f"leave them out, like {EXAMPLE}")
    return None


# Host names kept for examples, documentation and tests (RFC 2606, RFC 6761): no reader can open a page there. The
# guide's own mkdocs.yml ships with https://trustguide.example.org/ until an organisation sets its address.
_EXAMPLE_HOST = re.compile(r"(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$", re.IGNORECASE)


def published(value: str | None) -> bool:
    """Whether `value` is an address readers can open: set, and not on an example host or this machine (`serve`'s
    127.0.0.1). Printed sheets point their QR codes and footers there, and a printed page names it."""
    host = (urlsplit((value or "").strip()).hostname or "").rstrip(".")
    return bool(host) and not _EXAMPLE_HOST.search(host) and not host.startswith("127.") and host != "::1"


def normalised(value: str) -> str:
    """An address that passed web_address_problem, with the one trailing slash the guide's links expect."""
    value = value.strip()
    return value if value.endswith("/") else value + "/"
