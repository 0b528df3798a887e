// The board report (nämndsdialog, report/report.h) as the web app previews, downloads
// and issues it: rendered from the snapshot in force, with the texts and comments
// written in nara (comments of kind "section" hold the sections' texts, per unit and
// period, with who wrote them). Issuing keeps the HTML, the PDF, the workbook and
// figures.json byte for byte in the store (store/reports.h), as `nara report --issue`
// does; an issued report is compared with the figures now (report::ChangedFigures).
#pragma once

#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/export/xlsx.h"
#include "nara/report/report.h"
#include "nara/serve/http_message.h"
#include "nara/serve/snapshot.h"
#include "nara/store/reports.h"

namespace nara::serve {

struct BoardReport {
  model::Period period;
  int unit = -1;
  Lang lang = Lang::kSv;
  report::Layout layout = report::Layout::kA4;
};

// What the report reads, over snapshot `s` (the input points into it: keep `s`
// alive). `comments`: the unit's comments of the period, section texts included.
// `data_version` and `config_version` as the title page says them.
report::ReportInput ReportInputFor(const api::Snapshot& s, const BoardReport& r, report::ReportConfig config,
                                   std::vector<store::Comment> comments, std::string data_version,
                                   std::string config_version);

// "nämndsdialog-2024-T1" (the files' common name).
std::string ReportStem(const BoardReport& r);

// The report's files, made in a private temporary folder that is removed afterwards:
// the HTML, with `xlsx` the workbook, with `pdf` the PDF (Chromium, report/pdf.h), and
// figures.json; each with its bytes.
StatusOr<std::vector<store::IssuedFile>> MakeReportFiles(const report::ReportInput& in, bool xlsx, bool pdf);

// The media type of an issued or made file, by its name's ending.
std::string ReportFileType(const std::string& name);

// `f` as the answer (200, not stored by caches): shown, or with `attachment` a
// download whose name is given in ASCII (å ä → a, ö → o) and as it is (RFC 6266).
void SendReportFile(http::Response& res, const store::IssuedFile& f, bool attachment);

// A table of a page (POST /api/xlsx) as a workbook of one sheet, made in a private
// temporary folder like the report's files: the file named `file_name`, with its bytes.
StatusOr<store::IssuedFile> MakeTableWorkbook(const std::string& file_name, const exports::ExtraSheet& sheet);

// An issued report as GET /api/reports lists it: its files (name, sha256, bytes) and
// the unit's figures whose value or status is not what it showed — its figures.json
// against the same unit and period in `s` (`compared` false when it has none, or the
// period is not among the years served).
nlohmann::json IssuedReportJson(const store::IssuedReport& r, const api::Snapshot& s);

}  // namespace nara::serve
