"""The register import's public face: what views, the `import_register` command and tests use.

The work is split by job (each module imports only the ones before it):

- `columns`: the template's columns, row states and `ImportFileError`;
- `reading`: an XLSX/CSV file -> rows, within size limits (`read_table`);
- `cleaning`: one row -> checked values and errors (`RowResult`, `clean_row`, partner matching);
- `writing`: `register_analyse` (dry run) and `register_import` (all or none, through services);
- `template`: the downloadable template workbook (`template_workbook`).
"""

from .cleaning import PARTNER_COLUMNS, RowResult, clean_row, import_key_for, match_partners
from .columns import (
    COLUMN_NAMES,
    COLUMNS,
    REQUIRED,
    ROW_ERROR,
    ROW_EXISTS,
    ROW_NEW,
    ImportFileError,
)
from .reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SCANNED_ROWS,
    MAX_SHARED_STRINGS,
    MAX_XLSX_PART_BYTES,
    read_table,
)
from .template import EXAMPLE_ROW, template_workbook
from .writing import ImportReport, register_analyse, register_import

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "EXAMPLE_ROW",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SCANNED_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_XLSX_PART_BYTES",
    "PARTNER_COLUMNS",
    "REQUIRED",
    "ROW_ERROR",
    "ROW_EXISTS",
    "ROW_NEW",
    "ImportFileError",
    "ImportReport",
    "RowResult",
    "clean_row",
    "import_key_for",
    "match_partners",
    "read_table",
    "register_analyse",
    "register_import",
    "template_workbook",
]
