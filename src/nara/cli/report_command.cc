#include "nara/cli/report_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/cli/compute.h"
#include "nara/cli/source.h"
#include "nara/export/file.h"
#include "nara/ingest/extract_dir.h"
#include "nara/report/pdf.h"
#include "nara/report/report.h"
#include "nara/cli/store_commands.h"
#include "nara/store/comments.h"
#include "nara/store/internal_control.h"
#include "nara/store/reports.h"
#include "nara/store/store.h"

namespace nara::cli {
namespace {


std::string FolderName(const std::string& dir) {
  std::filesystem::path p(dir);
  if (!p.has_filename()) p = p.parent_path();
  return p.filename().string();
}

// What the title page says of the data and the configuration, in the reader's language.
Status DescribeVersions(const ReportArgs& args, const Source& source, report::ReportInput* input) {
  const Lang lang = input->lang;
  if (args.db.empty()) {
    input->data_version = Say(lang, Msg::kReportDataFromFolder, {FolderName(args.data_dir)});
    input->config_version = Say(lang, Msg::kReportConfigFromFolder, {FolderName(source.config_dir)});
    return Status::Ok();
  }
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(args.db, false));
  NARA_ASSIGN_OR_RETURN(std::vector<store::BatchInfo> batches, db.Batches());
  // The batches in force (not those in the trash), and the latest of them.
  const store::BatchInfo* latest = nullptr;
  size_t active = 0;
  for (const store::BatchInfo& b : batches) {
    if (b.state != store::BatchState::kActive) continue;
    ++active;
    if (latest == nullptr || b.id > latest->id) latest = &b;
  }
  input->data_version = latest == nullptr ? "–"
                                          : Say(lang, Msg::kReportDataFromStore,
                                                {std::to_string(active), std::to_string(latest->id),
                                                 latest->loaded_at});
  if (!source.config_dir.empty()) {
    input->config_version = Say(lang, Msg::kReportConfigFromFolder, {FolderName(source.config_dir)});
  } else {
    NARA_ASSIGN_OR_RETURN(std::optional<store::ConfigVersion> current, db.CurrentConfig());
    input->config_version =
        current ? Say(lang, Msg::kReportConfigFromStore, {std::to_string(current->version), current->created_at}) : "–";
  }
  NARA_ASSIGN_OR_RETURN(store::Comments comments, store::Comments::Open(args.db));
  store::CommentFilter filter;
  filter.unit_id = source.extract.tree.id(input->unit);
  filter.period = input->period.ToString();
  NARA_ASSIGN_OR_RETURN(input->comments, comments.List(filter));
  // The internal-control register of the period's year.
  NARA_ASSIGN_OR_RETURN(store::InternalControl ic, store::InternalControl::Open(args.db));
  NARA_ASSIGN_OR_RETURN(input->internal_control, ic.Register(YearOf(input->period.last)));
  return Status::Ok();
}

// --list-issued: the issued reports, a line each.
Status ListIssued(const ReportArgs& args, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::IssuedReports reports, store::IssuedReports::Open(args.db));
  NARA_ASSIGN_OR_RETURN(std::vector<store::IssuedReport> list, reports.List());
  out << "id\tperiod\tunit\tlang\tlayout\tdata_revision\tconfig_version\tissued_by\tissued_at\tfiles\n";
  for (const store::IssuedReport& r : list) {
    std::string files;
    for (const store::IssuedFile& f : r.files) files += (files.empty() ? "" : " ") + f.name;
    out << r.id << "\t" << r.period << "\t" << r.unit << "\t" << r.lang << "\t" << r.layout << "\t"
        << r.data_revision << "\t" << r.config_version << "\t" << r.issued_by << "\t" << r.issued_at << "\t"
        << files << "\n";
  }
  return Status::Ok();
}

// --issued N: report N's files as they were issued, and whether the data has changed.
Status WriteIssued(const ReportArgs& args, std::ostream& err) {
  NARA_ASSIGN_OR_RETURN(store::IssuedReports reports, store::IssuedReports::Open(args.db));
  NARA_ASSIGN_OR_RETURN(store::IssuedReport r, reports.Get(args.issued));
  const std::filesystem::path out(args.out_dir);
  for (const store::IssuedFile& f : r.files) NARA_RETURN_IF_ERROR(exports::CheckTarget((out / f.name).string(), args.force));
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return Status::IoError(args.out_dir + ": cannot create the folder: " + ec.message());
  for (const store::IssuedFile& f : r.files) {
    NARA_RETURN_IF_ERROR(exports::WriteFile((out / f.name).string(), f.bytes, args.force));
    err << "nara: wrote " << (out / f.name).string() << " (as issued " << r.issued_at << " by " << r.issued_by
        << ", SHA-256 " << f.sha256 << ")\n";
  }
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(args.db, false));
  NARA_ASSIGN_OR_RETURN(int64_t revision, db.Revision());
  if (revision != r.data_revision) {
    err << "nara: the data or configuration has changed since report " << r.id
        << " was issued (imports, removals or configuration versions since); its figures are as they were then\n";
  }
  return Status::Ok();
}

// --issue: the files just written kept as an issued report, with the data revision
// and configuration version they were made from; its number to `answer`.
// figures.json (report::FiguresJson) is kept with them, for "changed since".
Status Issue(const ReportArgs& args, const std::string& period, const std::string& unit,
             const std::vector<std::string>& paths, std::string figures, std::ostream& answer) {
  store::IssuedReport issued;
  issued.period = period;
  issued.unit = unit;
  issued.lang = args.lang;
  issued.layout = args.layout;
  issued.issued_by = LoginName();
  if (!args.texts.empty()) {
    NARA_ASSIGN_OR_RETURN(issued.texts, ingest::ReadFile(args.texts));
  }
  {
    NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(args.db, false));
    NARA_ASSIGN_OR_RETURN(issued.data_revision, db.Revision());
    NARA_ASSIGN_OR_RETURN(std::optional<store::ConfigVersion> current, db.CurrentConfig());
    issued.config_version = current ? current->version : 0;
  }
  for (const std::string& path : paths) {
    if (!std::filesystem::exists(path)) continue;
    NARA_ASSIGN_OR_RETURN(std::string bytes, ingest::ReadFile(path));
    issued.files.push_back({std::filesystem::path(path).filename().string(), "", std::move(bytes)});
  }
  issued.files.push_back({report::kFiguresFile, "", std::move(figures)});
  NARA_ASSIGN_OR_RETURN(store::IssuedReports reports, store::IssuedReports::Open(args.db));
  NARA_ASSIGN_OR_RETURN(int64_t id, reports.Issue(std::move(issued), store::Actor{LoginName(), ""}));
  answer << "Issued as report " << id << " (nara report --db " << args.db << " --issued " << id << " --out DIR).\n";
  return Status::Ok();
}

}  // namespace

Status RunReport(const ReportArgs& args, std::ostream& answer, std::ostream& err) {
  if (args.list_issued || args.issued > 0 || args.issue) {
    if (args.db.empty()) return Status::Invalid("issued reports are kept in a database: give --db");
  }
  if (args.list_issued) return ListIssued(args, answer);
  if (args.out_dir.empty()) return Status::Invalid("--out DIR: the folder to write the report into");
  if (args.issued > 0) return WriteIssued(args, err);
  if (args.period.empty()) return Status::Invalid("--period: the period to report, e.g. 2024-T1");
  report::ReportInput input;
  if (!ParseLang(args.lang, &input.lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  if (!report::ParseLayout(args.layout, &input.layout))
    return Status::Invalid("unknown layout '" + args.layout + "' (a4 or slides)");
  NARA_ASSIGN_OR_RETURN(input.period, model::ParsePeriod(args.period));
  const std::filesystem::path out(args.out_dir);
  const std::string stem = "nämndsdialog-" + input.period.ToString();
  const std::string html_path = (out / (stem + ".html")).string();
  const std::string pdf_path = (out / (stem + ".pdf")).string();
  const std::string xlsx_path = (out / (stem + ".xlsx")).string();
  for (const std::string& p : {html_path, xlsx_path, pdf_path}) NARA_RETURN_IF_ERROR(exports::CheckTarget(p, args.force));
  if (!args.texts.empty()) {
    NARA_ASSIGN_OR_RETURN(input.texts, report::LoadTexts(args.texts));
  }

  NARA_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, LoadSource({args.data_dir, args.db, args.config_dir}));
  const model::OrgTree& tree = source->extract.tree;
  NARA_ASSIGN_OR_RETURN(input.report,
                        report::LoadReportConfig(source->config_dir.empty() ? ConfigDir("") : source->config_dir,
                                                 source->config));
  input.unit = DefaultUnit(tree, input.period.last_day());
  if (!args.unit.empty()) {
    input.unit = tree.Find(args.unit);
    if (input.unit < 0) return Status::Invalid("unknown unit '" + args.unit + "'");
  }
  // The charts reach 24 months back and their previous year 12 more: the cube starts
  // in January three years before the plan year.
  follow::FollowUp::Options options;
  options.first_year = input.period.year - 1;
  options.last_year = input.period.year;
  NARA_ASSIGN_OR_RETURN(follow::FollowUp follow_up,
                        follow::FollowUp::Build(source->config.catalogue, tree, source->extract.data, options));
  for (const std::string& path : source->extract.ignored)
    err << "nara: " << path << " names no table of the data contract (expected e.g. visits.csv); not read\n";
  input.config = &source->config;
  input.tree = &tree;
  input.follow_up = &follow_up;
  input.data = &source->extract.data;
  input.generated_on = FormatDate(Today());
  NARA_RETURN_IF_ERROR(DescribeVersions(args, *source, &input));

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return Status::IoError(args.out_dir + ": cannot create the folder: " + ec.message());
  NARA_RETURN_IF_ERROR(exports::WriteFile(html_path, report::RenderHtml(input), args.force));
  err << "nara: wrote " << html_path << "\n";
  if (args.xlsx) {
    NARA_RETURN_IF_ERROR(report::WriteWorkbook(input, xlsx_path, args.force));
    err << "nara: wrote " << xlsx_path << "\n";
  }
  if (args.pdf) {
    Status pdf = report::PrintPdf(html_path, pdf_path, args.force);
    if (!pdf.ok()) return Status::IoError(pdf.message() + " (the HTML and the workbook are written)");
    err << "nara: wrote " << pdf_path << "\n";
  }
  if (!args.issue) return Status::Ok();
  return Issue(args, input.period.ToString(), tree.id(input.unit), {html_path, xlsx_path, pdf_path},
               report::FiguresJson(follow_up, input.period, input.unit), answer);
}

ReportCommand::ReportCommand(CLI::App* app) {
  command_ = app->add_subcommand("report", "Write the board report (nämndsdialog) as HTML, PDF and XLSX");
  CLI::Option_group* source = command_->add_option_group("source", "Where the extracts come from (one of)");
  source->add_option("--data", args_.data_dir, "Folder of CSV extracts (data contract v1.1; v1.0 extracts too)");
  source->add_option("--db", args_.db, "Database of imported extracts (nara import)");
  source->require_option(1);
  command_->add_option("--config", args_.config_dir,
                       "Configuration folder with report.toml (default: data/halland; with --db, the stored "
                       "configuration and data/halland's report.toml)");
  command_->add_option("--period", args_.period, "2024-T1, 2024-03, 2024-Q1, 2024, 2024-YTD-06 or R12-2024-06");
  command_->add_option("--unit", args_.unit, "Unit id (default: the administration)");
  command_->add_option("--lang", args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
  command_->add_option("--layout", args_.layout, "a4 (portrait pages) or slides (16:9, a topic a page)")
      ->check(CLI::IsMember({"a4", "slides"}));
  command_->add_option("--texts", args_.texts, "TOML or Markdown file: the sections' texts (section → text)");
  command_->add_option("--out", args_.out_dir, "Folder for nämndsdialog-<period>.{html,pdf,xlsx}");
  command_->add_flag("--force", args_.force, "Replace the report's files if they exist");
  command_->add_flag("!--no-pdf", args_.pdf, "Write no PDF");
  command_->add_flag("!--no-xlsx", args_.xlsx, "Write no workbook");
  command_->add_flag("--issue", args_.issue, "Keep the files written as an issued report in the database");
  command_->add_option("--issued", args_.issued, "Write issued report N again, byte for byte")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  command_->add_flag("--list-issued", args_.list_issued, "List the issued reports");
}

bool ReportCommand::Run(std::ostream& out, std::ostream& err, Status* status) {
  if (!*command_) return false;
  *status = RunReport(args_, out, err);
  return true;
}

}  // namespace nara::cli
