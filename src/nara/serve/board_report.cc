#include "nara/serve/board_report.h"

#include <stdlib.h>

#include <filesystem>

#include "nara/base/time.h"
#include "nara/export/file.h"
#include "nara/ingest/extract_dir.h"
#include "nara/report/pdf.h"

namespace nara::serve {

report::ReportInput ReportInputFor(const api::Snapshot& s, const BoardReport& r, report::ReportConfig config,
                                   std::vector<store::Comment> comments, std::string data_version,
                                   std::string config_version) {
  report::ReportInput in;
  in.config = &s.config();
  in.tree = &s.tree();
  in.follow_up = s.follow.get();
  in.data = &s.loaded.extract.data;
  in.period = r.period;
  in.unit = r.unit;
  in.lang = r.lang;
  in.layout = r.layout;
  in.report = std::move(config);
  in.texts = report::SectionTexts(comments, s.tree().id(r.unit), r.period.ToString());
  in.comments = std::move(comments);
  in.generated_on = FormatDate(Today());
  in.data_version = std::move(data_version);
  in.config_version = std::move(config_version);
  return in;
}

std::string ReportStem(const BoardReport& r) { return "nämndsdialog-" + r.period.ToString(); }

namespace {

// A folder of its own under the system's temporary folder (mode 0700), removed when
// this goes.
class PrivateDir {
 public:
  PrivateDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nara-report-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~PrivateDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  bool ok() const { return !path_.empty(); }
  std::string operator/(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

}  // namespace

StatusOr<std::vector<store::IssuedFile>> MakeReportFiles(const report::ReportInput& in, bool xlsx, bool pdf) {
  BoardReport r{in.period, in.unit, in.lang, in.layout};
  const std::string stem = ReportStem(r);
  std::vector<store::IssuedFile> files;
  std::string html = report::RenderHtml(in);
  PrivateDir dir;
  if ((xlsx || pdf) && !dir.ok()) return Status::IoError("cannot make a temporary folder for the report's files");
  if (pdf) {
    const std::string html_path = dir / (stem + ".html");
    const std::string pdf_path = dir / (stem + ".pdf");
    NARA_RETURN_IF_ERROR(exports::WriteFile(html_path, html, false));
    NARA_RETURN_IF_ERROR(report::PrintPdf(html_path, pdf_path, false));
    NARA_ASSIGN_OR_RETURN(std::string bytes, ingest::ReadFile(pdf_path));
    files.push_back({stem + ".pdf", "", std::move(bytes)});
  }
  if (xlsx) {
    const std::string path = dir / (stem + ".xlsx");
    NARA_RETURN_IF_ERROR(report::WriteWorkbook(in, path, false));
    NARA_ASSIGN_OR_RETURN(std::string bytes, ingest::ReadFile(path));
    files.push_back({stem + ".xlsx", "", std::move(bytes)});
  }
  files.insert(files.begin(), {stem + ".html", "", std::move(html)});
  files.push_back({report::kFiguresFile, "", report::FiguresJson(*in.follow_up, in.period, in.unit)});
  return files;
}

std::string ReportFileType(const std::string& name) {
  auto ends = [&](std::string_view e) { return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace nara::serve
