// The board report's PDF: its HTML printed by headless Chromium (--print-to-pdf), the
// one engine nara runs as a program. Chromium (version 131 and later) lays out CSS
// paged media with page-margin boxes: the report's running header and "Sida 3 av 12"
// come from its own @page rules, so Chromium's header and footer are switched off.
// docs/report.md says why Chromium and not WeasyPrint.
#pragma once

#include <string>

#include "nara/base/status.h"

namespace nara::report {

// The Chromium nara runs: $NARA_CHROMIUM when set, else /usr/bin/chromium.
std::string PdfEngine();

// Prints `html_path` to `pdf_path` (through a temporary file beside it; an existing
// file is replaced only with `overwrite`, else Invalid). When the engine is missing
// the answer is IoError saying what to install (apt-get install chromium); when it
// fails, IoError with its exit status and the last lines it wrote.
Status PrintPdf(const std::string& html_path, const std::string& pdf_path, bool overwrite);

}  // namespace nara::report
