#include "nara/serve/board_report.h"

#include <stdlib.h>

#include <filesystem>

#include "nara/base/time.h"
#include "nara/model/period.h"
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

StatusOr<store::IssuedFile> MakeTableWorkbook(const std::string& file_name, const exports::ExtraSheet& sheet) {
  PrivateDir dir;
  if (!dir.ok()) return Status::IoError("cannot make a temporary folder for the workbook");
  const std::string path = dir / "table.xlsx";
  NARA_RETURN_IF_ERROR(exports::WriteSheetsXlsx({sheet}, path, false));
  NARA_ASSIGN_OR_RETURN(std::string bytes, ingest::ReadFile(path));
  return store::IssuedFile{file_name, "", std::move(bytes)};
}

std::string ReportFileType(const std::string& name) {
  auto ends = [&](std::string_view e) { return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}


// A file as the answer: its type by its name; a download (attachment) or shown.
void SendReportFile(http::Response& res, const store::IssuedFile& f, bool attachment) {
  res.status = 200;
  res.SetBody(f.bytes, ReportFileType(f.name));
  res.SetHeader("Cache-Control", "no-store");
  if (attachment) {
    // The name in ASCII for old clients (ä → a), and as it is (RFC 6266, 8187).
    std::string ascii;
    for (size_t i = 0; i < f.name.size(); ++i) {
      const unsigned char c = f.name[i];
      if (c < 0x80) {
        ascii += static_cast<char>(c);
      } else if ((c & 0xC0) == 0xC0) {  // a character's first byte: å ä → a, ö → o, others _
        const std::string_view ch = std::string_view(f.name).substr(i, 2);
        ascii += ch == "å" || ch == "ä" ? 'a' : ch == "ö" ? 'o' : ch == "Å" || ch == "Ä" ? 'A' : ch == "Ö" ? 'O' : '_';
      }
    }
    std::string encoded;
    for (unsigned char c : f.name) {
      static const char* kHex = "0123456789ABCDEF";
      const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                         c == '.' || c == '_';
      if (plain) {
        encoded += static_cast<char>(c);
      } else {
        encoded += {'%', kHex[c >> 4], kHex[c & 15]};
      }
    }
    res.SetHeader("Content-Disposition",
                  "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  }
}

// An issued report as the API lists it, with the figures that changed since: its
// figures.json against the same unit and period now (empty when it has none, or its
// period is not among the years served).
nlohmann::json IssuedReportJson(const store::IssuedReport& r, const api::Snapshot& s) {
  nlohmann::json files = nlohmann::json::array();
  std::string figures;
  for (const store::IssuedFile& f : r.files) {
    files.push_back({{"name", f.name}, {"sha256", f.sha256}, {"bytes", f.bytes.size()}});
    if (f.name == report::kFiguresFile) figures = f.bytes;
  }
  nlohmann::json changed = nlohmann::json::array();
  bool compared = false;
  auto period = model::ParsePeriod(r.period);
  const int unit = s.tree().Find(r.unit);
  if (!figures.empty() && period.ok() && unit >= 0 && YearOf(period->last) >= s.first_year &&
      YearOf(period->last) <= s.last_year) {
    auto diff = report::ChangedFigures(figures, report::FiguresJson(*s.follow, *period, unit));
    if (diff.ok()) {
      compared = true;
      for (const report::ChangedFigure& c : *diff) {
        const model::IndicatorDef* def = s.config().FindIndicator(c.indicator);
        auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
        changed.push_back({{"indicator", c.indicator},
                           {"name", def ? def->name : c.indicator},
                           {"was", number(c.was)},
                           {"now", number(c.now)},
                           {"status_was", c.status_was},
                           {"status_now", c.status_now}});
      }
    }
  }
  return {{"id", r.id},
          {"period", r.period},
          {"unit", r.unit},
          {"lang", r.lang},
          {"layout", r.layout},
          {"data_revision", r.data_revision},
          {"config_version", r.config_version},
          {"issued_by", r.issued_by},
          {"issued_at", r.issued_at},
          {"files", files},
          {"compared", compared},
          {"changed", changed}};
}

}  // namespace nara::serve
