// The report's configuration (report.toml) and its texts file (report.h).
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nara/base/text.h"
#include "nara/model/toml_read.h"
#include "nara/report/report.h"

namespace nara::report {
namespace {

StatusOr<std::vector<std::string>> Strings(const std::string& path, const toml::node& node, const char* key) {
  const toml::array* list = node.as_array();
  if (list == nullptr) return Status::DataError(model::TomlPlace(path, node.source()) + ": " + key + " must be a list of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *list) {
    const auto* s = item.as_string();
    if (s == nullptr) return Status::DataError(model::TomlPlace(path, item.source()) + ": " + key + " must be a list of strings");
    out.push_back(s->get());
  }
  return out;
}

std::string Trim(std::string s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

// The section a texts file names, by key or by its heading in either language.
const SectionKey* FindSection(const std::string& name) {
  const std::string n = Trim(name);
  for (const SectionKey& s : Sections()) {
    if (EqualsIgnoreCase(n, s.key) || n == Say(Lang::kSv, s.name) || EqualsIgnoreCase(n, Say(Lang::kEn, s.name)))
      return &s;
  }
  return nullptr;
}

Status UnknownSection(const std::string& path, int line, const std::string& name) {
  std::string keys;
  for (const SectionKey& s : Sections()) keys += std::string(keys.empty() ? "" : ", ") + s.key;
  return Status::Invalid(path + ":" + std::to_string(line) + ": the report has no section '" + name +
                         "' (sections: " + keys + ")");
}

}  // namespace

bool ParseLayout(std::string_view text, Layout* out) {
  if (text == "a4") return *out = Layout::kA4, true;
  if (text == "slides") return *out = Layout::kSlides, true;
  return false;
}

const std::vector<std::string>& DefaultKeyIndicators() {
  static const std::vector<std::string> ids = {
      "phone_same_day", "assessment_3_days", "agency_staff_share",      "chat_median_wait",
      "chats_started",  "listed_patients",   "dental_on_time_children", "dental_on_time_adults"};
  return ids;
}

const std::vector<SectionKey>& Sections() {
  static const std::vector<SectionKey> sections = {
      {"malstyrning", Msg::kReportGoals},         {"kvalitetsstyrning", Msg::kReportQuality},
      {"intern_kontroll", Msg::kReportInternalControl}, {"ekonomistyrning", Msg::kReportEconomy},
      {"medarbetare", Msg::kReportStaff},         {"planeringsanalys", Msg::kReportPlanning},
      {"sammanfattning", Msg::kReportSummary}};
  return sections;
}

StatusOr<ReportConfig> LoadReportConfig(const std::string& config_dir, const model::Config& config) {
  ReportConfig out;
  out.key_indicators = DefaultKeyIndicators();
  const std::string path = (std::filesystem::path(config_dir) / "report.toml").string();
  if (config_dir.empty() || !std::filesystem::exists(path)) return out;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::DataError(model::TomlPlace(path, e.source()) + ": " + std::string(e.description()));
  }
  const toml::table* report = root["report"].as_table();
  if (report == nullptr) return Status::DataError(path + ": a [report] table is expected");
  auto check_ids = [&](const toml::node& node, const std::vector<std::string>& ids) -> Status {
    for (const std::string& id : ids) {
      if (config.FindIndicator(id) == nullptr)
        return Status::DataError(model::TomlPlace(path, node.source()) + ": no indicator '" + id + "' in the catalogue");
    }
    return Status::Ok();
  };
  for (const auto& [key, node] : *report) {
    if (key == "key_indicators") {
      NARA_ASSIGN_OR_RETURN(out.key_indicators, Strings(path, node, "key_indicators"));
      NARA_RETURN_IF_ERROR(check_ids(node, out.key_indicators));
    } else if (key == "staff_charts") {
      NARA_ASSIGN_OR_RETURN(out.staff_charts, Strings(path, node, "staff_charts"));
      NARA_RETURN_IF_ERROR(check_ids(node, out.staff_charts));
    } else if (key == "economy_chart") {
      const auto* s = node.as_string();
      if (s == nullptr) return Status::DataError(model::TomlPlace(path, node.source()) + ": economy_chart must be a string");
      out.economy_chart = s->get();
      NARA_RETURN_IF_ERROR(check_ids(node, {out.economy_chart}));
    } else if (key == "municipalities") {
      const toml::table* names = node.as_table();
      if (names == nullptr) return Status::DataError(model::TomlPlace(path, node.source()) + ": municipalities must be a table");
      for (const auto& [code, name] : *names) {
        const auto* s = name.as_string();
        const std::string text(code.str());
        if (s == nullptr || text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
          return Status::DataError(model::TomlPlace(path, name.source()) + ": municipalities: a code = \"name\" per line");
        out.municipalities[std::stoi(text)] = s->get();
      }
    } else {
      return Status::DataError(model::TomlPlace(path, node.source()) + ": unknown key '" + std::string(key.str()) +
                               "' (key_indicators, economy_chart, staff_charts, municipalities)");
    }
  }
  return out;
}

StatusOr<std::map<std::string, std::string>> LoadTexts(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::NotFound(path + ": no such file");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const std::string text = bytes.str();
  std::map<std::string, std::string> out;
  if (path.size() >= 5 && EqualsIgnoreCase(std::string_view(path).substr(path.size() - 5), ".toml")) {
    toml::table root;
    try {
      root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
      return Status::DataError(model::TomlPlace(path, e.source()) + ": " + std::string(e.description()));
    }
    for (const auto& [key, node] : root) {
      const SectionKey* s = FindSection(std::string(key.str()));
      if (s == nullptr) return UnknownSection(path, static_cast<int>(node.source().begin.line), std::string(key.str()));
      const auto* value = node.as_string();
      if (value == nullptr) return Status::DataError(model::TomlPlace(path, node.source()) + ": a section's text is a string");
      out[s->key] = Trim(value->get());
    }
    return out;
  }
  // Markdown: "# Heading" (any level) starts a section; text before the first is ignored.
  std::istringstream lines(text);
  std::string line, current;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '#') {
      const std::string name = line.substr(line.find_first_not_of('#'));
      const SectionKey* s = FindSection(name);
      if (s == nullptr) return UnknownSection(path, number, Trim(name));
      current = s->key;
      out[current];
      continue;
    }
    if (!current.empty()) out[current] += line + "\n";
  }
  for (auto& [key, value] : out) value = Trim(value);
  return out;
}

}  // namespace nara::report
