"""Dumps every cell of a workbook as JSON, read by openpyxl (an independent
reader): the cached value (data_only), the formula, the number format and the
fill, plus each sheet's frozen pane and filter. Used by tests/spreadsheets.rs."""
import json
import sys

import openpyxl

path = sys.argv[1]
values = openpyxl.load_workbook(path, data_only=True)
formulas = openpyxl.load_workbook(path, data_only=False)
out = {"sheets": []}
for ws in values.worksheets:
    wf = formulas[ws.title]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            f = wf[c.coordinate].value
            if c.value is None and f is None:
                continue
            fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
            cells[c.coordinate] = {
                "value": c.value,
                "formula": f if isinstance(f, str) and f.startswith("=") else None,
                "format": c.number_format,
                "fill": fill if isinstance(fill, str) else None,
                "quote": bool(c.quotePrefix) if hasattr(c, "quotePrefix") else bool(c.style_array.quotePrefix),
            }
    out["sheets"].append(
        {
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "cells": cells,
        }
    )
json.dump(out, sys.stdout, ensure_ascii=False, default=str)
