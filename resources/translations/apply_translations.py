"""Fill a .ts file's unfinished entries from a Python dict file, then compile the .qm.

    python resources/translations/apply_translations.py lokal_de.ts table.py

The table file defines ``DE = {"English source": "Übersetzung", ...}``. Entries
the table does not know stay unfinished (and the translation test says which).
"""

from __future__ import annotations

import runpy
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def apply(ts_file: Path, table: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_file)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") != "unfinished":
            continue
        if source in table:
            translation.text = table[source]
            del translation.attrib["type"]
        else:
            missing.append(source)
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    ts_file, table_file = Path(sys.argv[1]), Path(sys.argv[2])
    names = runpy.run_path(str(table_file))
    table = next(v for k, v in names.items() if not k.startswith("__") and isinstance(v, dict))
    missing = apply(ts_file, table)
    for source in missing:
        print(f"untranslated: {source!r}")
    qm = ts_file.with_suffix(".qm")
    # Beside the interpreter: a virtual environment need not be activated.
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    subprocess.run([lrelease or "pyside6-lrelease", str(ts_file), "-qm", str(qm)], check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
