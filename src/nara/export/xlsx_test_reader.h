// Reading an XLSX back in tests: a member of the zip through unzip(1), its XML
// elements and attributes, and a sheet's cells. Test-only (uses gtest's ADD_FAILURE);
// shared by the compute tests and the board report's tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nara::exports::testing {

// The text of one file of a zip archive (an XLSX), through unzip(1).
inline std::string Unzip(const std::string& archive, const std::string& member) {
  const std::string command = "unzip -p '" + archive + "' '" + member + "'";
  std::string text;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    pclose(p);
  }
  return text;
}

inline std::string XmlText(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t end = s.find(';', i);
    const std::string_view entity = s.substr(i + 1, end - i - 1);
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else
      ADD_FAILURE() << "entity " << entity;
    i = end;
  }
  return out;
}

// Each element `<tag ...>…</tag>` (or `<tag .../>`) of `xml`: its attributes and its inner text.
struct Element {
  std::string head, inner;
};
inline std::vector<Element> Elements(const std::string& xml, const std::string& tag) {
  std::vector<Element> out;
  for (size_t at = xml.find("<" + tag); at != std::string::npos; at = xml.find("<" + tag, at + 1)) {
    const char next = xml[at + 1 + tag.size()];
    if (next != ' ' && next != '>' && next != '/') continue;
    const size_t head_end = xml.find('>', at);
    Element e;
    e.head = xml.substr(at, head_end - at);
    if (xml[head_end - 1] != '/') {
      const size_t close = xml.find("</" + tag + ">", head_end);
      e.inner = xml.substr(head_end + 1, close - head_end - 1);
    }
    out.push_back(std::move(e));
  }
  return out;
}

inline std::string Attribute(const std::string& head, const std::string& name) {
  const size_t at = head.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  const size_t from = at + name.size() + 3;
  return XmlText(head.substr(from, head.find('"', from) - from));
}

// A sheet's cells by (row, column), both from 0; numbers as written in the XML.
struct SheetCells {
  std::map<std::pair<int, int>, std::string> text, number;
};
inline SheetCells ReadSheet(const std::string& archive, int sheet, const std::vector<std::string>& shared) {
  SheetCells cells;
  for (const Element& c :
       Elements(Unzip(archive, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml"), "c")) {
    const std::string ref = Attribute(c.head, "r");
    int col = 0;
    size_t i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
    const std::pair<int, int> at{std::stoi(ref.substr(i)) - 1, col - 1};
    const auto v = Elements(c.inner, "v");
    if (v.empty()) continue;
    if (Attribute(c.head, "t") == "s") {
      cells.text[at] = shared.at(static_cast<size_t>(std::stoi(v[0].inner)));
    } else {
      cells.number[at] = v[0].inner;
    }
  }
  return cells;
}

// The shared strings of a workbook, in order.
inline std::vector<std::string> SharedStrings(const std::string& archive) {
  std::vector<std::string> shared;
  for (const Element& si : Elements(Unzip(archive, "xl/sharedStrings.xml"), "si")) {
    const auto t = Elements(si.inner, "t");
    shared.push_back(t.empty() ? "" : XmlText(t[0].inner));
  }
  return shared;
}

}  // namespace nara::exports::testing
