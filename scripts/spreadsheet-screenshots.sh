#!/usr/bin/env bash
# Screenshots of the workbooks in docs/spreadsheets.md, as LibreOffice shows
# them with French regional settings: ctgplan writes the workbooks,
# LibreOffice headless prints them to PDF (recomputing every formula),
# pdftoppm turns pages into PNG. Needs libreoffice-calc and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet
bin=target/debug/ctgplan
s=scenarios/vallee-des-baux-alpilles.toml
"$bin" cost "$s" --years 2026-2030 --out "$work/budget-2026-2030.xlsx" 2>/dev/null
"$bin" diff "$s" 2026 2027-2030 --out "$work/ecarts-2026-2027.xlsx" 2>/dev/null
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
XCU
LC_ALL=C.UTF-8 soffice -env:UserInstallation="file://$work/profile" --headless \
  --convert-to pdf --outdir "$work" "$work"/*.xlsx >/dev/null
# Page 1: the convention by commune; page 2: the rest to pay by commune and year.
pdftoppm -r 110 -png -f 1 -l 1 -x 60 -y 60 -W 1150 -H 700 "$work/budget-2026-2030.pdf" "$work/budget"
pdftoppm -r 110 -png -f 2 -l 2 -x 60 -y 60 -W 1150 -H 330 "$work/budget-2026-2030.pdf" "$work/budget"
pdftoppm -r 110 -png -f 1 -l 1 -x 60 -y 60 -W 1150 -H 400 "$work/ecarts-2026-2027.pdf" "$work/ecarts"
cp "$work"/budget-1.png docs/spreadsheet-budget-convention.png
cp "$work"/budget-2.png docs/spreadsheet-budget-by-year.png
cp "$work"/ecarts-1.png docs/spreadsheet-diff.png
echo "wrote docs/spreadsheet-budget-convention.png, docs/spreadsheet-budget-by-year.png, docs/spreadsheet-diff.png"
