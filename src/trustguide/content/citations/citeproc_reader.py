"""A pandoc custom reader (Lua) that formats many independent batches of citations in one pandoc process.

A pandoc process costs about 0.1 s before it formats anything, and citeproc's cost grows faster than linearly with
the entries of one run, so formatting one small batch per process spent most of a cold build starting pandoc.
This reader takes a JSON list of batches on standard input and runs citeproc on each batch separately, as
`pandoc --citeproc --bibliography=BATCH.bib` would on a page citing each key as [@key], [-@key] and @key, but inside
one process and without parsing any Markdown.
Kept as Python text (written to a temporary file for pandoc) so it ships with the package like any module.
"""

from __future__ import annotations

from pathlib import Path

BATCH_SEPARATOR = "<!--trustguide-batch-->"

READER_LUA = r"""
-- stdin: {"csl": PATH, "lang": "en-US", "separator": TEXT,
--         "batches": [{"bibliography": PATH, "keys": [KEY, ...]}, ...]}
-- out:   per batch, its HTML (each key cited as [@key], [-@key] and @key, keys apart by a separator paragraph,
--        then the bibliography div), followed by the batch separator.
local function cite(key, mode)
  return pandoc.Para({pandoc.Cite({pandoc.Str("@" .. key)}, {pandoc.Citation(key, mode)})})
end

function Reader(input)
  local spec = pandoc.json.decode(tostring(input))
  local blocks = {}
  for _, batch in ipairs(spec.batches) do
    local body = {}
    for i, key in ipairs(batch.keys) do
      if i > 1 then body[#body + 1] = pandoc.Para({pandoc.Str(spec.separator)}) end
      body[#body + 1] = cite(key, "NormalCitation")
      body[#body + 1] = cite(key, "SuppressAuthor")
      body[#body + 1] = cite(key, "AuthorInText")
    end
    local meta = {
      bibliography = batch.bibliography, csl = spec.csl, lang = spec.lang,
      ["link-citations"] = false, ["suppress-bibliography"] = false,
    }
    local doc = pandoc.utils.citeproc(pandoc.Pandoc(body, meta))
    blocks[#blocks + 1] = pandoc.RawBlock("html", pandoc.write(doc, "html", {wrap_text = "none"}))
    blocks[#blocks + 1] = pandoc.RawBlock("html", "@SEPARATOR@")
  end
  return pandoc.Pandoc(blocks)
end
""".replace("@SEPARATOR@", BATCH_SEPARATOR)


def write_reader(folder: Path) -> Path:
    path = folder / "trustguide_batches.lua"
    path.write_text(READER_LUA, encoding="utf-8")
    return path
