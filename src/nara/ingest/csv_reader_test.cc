#include "nara/ingest/csv_reader.h"
#include "nara/ingest/personnummer.h"

#include <gtest/gtest.h>

#include <mutex>
#include <random>

#include "nara/ingest/contract.h"

namespace nara::ingest {
namespace {

model::OrgTree Tree() {
  auto u = [](const char* id, const char* parent, Days to = model::kOpenEnded) {
    model::UnitVersion v;
    v.id = id;
    v.name = id;
    v.parent_id = parent;
    v.valid_from = DaysFromCivil(2015, 1, 1);
    v.valid_to = to;
    return v;
  };
  return *model::OrgTree::Build(
      {u("r", ""), u("a", "r"), u("hc1", "a"), u("hc2", "a", DaysFromCivil(2023, 6, 30)), u("dc1", "a")});
}

const char* kCallsHeader = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";

StatusOr<engine::Table> Calls(const std::string& body, const std::string& header = kCallsHeader) {
  static const model::OrgTree tree = Tree();
  return ReadTable("phone_calls.csv", header + body, *FindContractTable("phone_calls"), tree);
}

std::string Err(const StatusOr<engine::Table>& t) { return t.ok() ? "ok" : t.status().message(); }

TEST(CsvReaderTest, ReadsTypedColumns) {
  auto t = Calls(
      "c1,hc1,2024-03-31 23:50,ja,advice,2024-04-01 00:10,callback\n"
      "c2,hc1,2024-01-02T08:00:00Z,FALSE,Booking,,\r\n");
  ASSERT_EQ(Err(t), "ok");
  EXPECT_EQ(t->rows, 2u);
  EXPECT_EQ(t->column("in_opening_hours").u8, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(t->column("topic").u8, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(t->column("handled_at").i64[1], engine::kNullI64);
  EXPECT_EQ(LocalDay(t->column("handled_at").i64[0]), DaysFromCivil(2024, 4, 1));
  EXPECT_TRUE(t->column("call_id").i32.empty()) << "row identifiers are not kept";
}

TEST(CsvReaderTest, UnitIdsAreCaseSensitiveIds) {
  EXPECT_EQ(Err(Calls("c2,HC1,2024-01-02 08:00,ja,advice,,\n")),
            "phone_calls.csv:2: column \"unit_id\" (field 2): unknown unit 'HC1'");
}

TEST(CsvReaderTest, SemicolonsQuotesAndWindows1252) {
  static const model::OrgTree tree = Tree();
  std::string csv =
      "unit_id;month;account;scenario;amount_sek\n"
      "hc1;2024-01;cost_staff;actual;\"1234,5\"\n"
      "hc1;2024-01;cost_other;budget;7,25\n";
  auto t = ReadTable("ledger.csv", csv, *FindContractTable("ledger"), tree);
  ASSERT_EQ(Err(t), "ok");
  EXPECT_EQ(t->column("amount_sek").f64, (std::vector<double>{1234.5, 7.25}));
  std::string latin1 =
      "employee_key,unit_id,month,profession,employment,sex,birth_year,ordinary_hours,sick_hours,hired,left,"
      "leave_reason\n"
      "S\xf6ren1,hc1,2024-01,nurse,permanent,F,1980,160,8,nej,nej,\n";
  auto s = ReadTable("staff.csv", latin1, *FindContractTable("staff"), tree);
  ASSERT_EQ(Err(s), "ok");
  EXPECT_EQ(s->column("employee_key").dictionary[0], "Sören1");
}

TEST(CsvReaderTest, EveryRuleHasItsMessage) {
  struct Case {
    std::string body;
    std::string message;
  } cases[] = {
      {"c1,hc1,2024-02-30 08:00,ja,advice,,\n",
       "phone_calls.csv:2: column \"received_at\" (field 3): no such date '2024-02-30 08:00'"},
      {"c1,hc1,2024-03-31 02:30,ja,advice,,\n",
       "phone_calls.csv:2: column \"received_at\" (field 3): '2024-03-31 02:30' does not exist in Swedish local time "
       "(the hour skipped when summer time begins)"},
      {"c1,hc1,2024-01-01 25:00,ja,advice,,\n",
       "phone_calls.csv:2: column \"received_at\" (field 3): no such time of day '2024-01-01 25:00'"},
      {"c1,hc1,yesterday,ja,advice,,\n",
       "phone_calls.csv:2: column \"received_at\" (field 3): expected a date-time YYYY-MM-DD HH:MM[:SS], found "
       "'yesterday'"},
      {"c1,hc1,2024-01-01 08:00,kanske,advice,,\n",
       "phone_calls.csv:2: column \"in_opening_hours\" (field 4): expected ja/nej, true/false, yes/no or 1/0, found "
       "'kanske'"},
      {"c1,hc1,2024-01-01 08:00,ja,gossip,,\n",
       "phone_calls.csv:2: column \"topic\" (field 5): 'gossip' is not one of advice, booking, other"},
      {"c1,hc1,,ja,advice,,\n", "phone_calls.csv:2: column \"received_at\" (field 3): a value is required"},
      {"c1,nowhere,2024-01-01 08:00,ja,advice,,\n",
       "phone_calls.csv:2: column \"unit_id\" (field 2): unknown unit 'nowhere'"},
      {"c1,hc2,2024-01-01 08:00,ja,advice,,\n",
       "phone_calls.csv:2: column \"unit_id\" (field 2): unit 'hc2' is not valid on 2024-01-01 (valid 2015-01-01 – "
       "2023-06-30)"},
      {"c1,hc1,2024-01-01 08:00,ja,advice,,\nc1,hc1,2024-01-01 09:00,ja,advice,,\n",
       "phone_calls.csv:3:1: duplicate key (call_id 'c1'), first seen on line 2"},
      {"c1,hc1,2024-01-01 08:00,ja,advice,,,\n",
       "phone_calls.csv:2:1: expected 7 fields, found 8 (the header uses ',' as delimiter)"},
      {"c1,hc1,2024-01-01 08:00,ja,advice\n",
       "phone_calls.csv:2:1: expected 7 fields, found 5 (the header uses ',' as delimiter)"},
      {"c1,hc1,\"2024-01-01 08:00,ja,advice,,\n", "phone_calls.csv:2:8: unterminated quoted field"},
      {"c1,hc1,2024-01-01 08:00,ja,adv\"ice,,\n",
       "phone_calls.csv:2:31: a quote inside an unquoted field (quote the whole field and double the quote)"},
      {"c1,hc1,\"2024-01-01 08:00\"x,ja,advice,,\n",
       "phone_calls.csv:2:26: unexpected character after a closing quote"},
      {"", "phone_calls.csv:2:1: no data rows, only a header"},
  };
  for (const Case& c : cases) EXPECT_EQ(Err(Calls(c.body)), c.message) << c.body;
}

TEST(CsvReaderTest, HeaderProblems) {
  EXPECT_EQ(Err(Calls("", "")), "phone_calls.csv:1:1: empty file, expected a header row");
  EXPECT_EQ(Err(Calls("", "\xEF\xBB\xBF  \n")), "phone_calls.csv:1:1: empty file, expected a header row");
  EXPECT_EQ(Err(Calls("x\n", "call_id,unit_id;received_at\n")),
            "phone_calls.csv:1:1: the header mixes ',' and ';'; use one delimiter");
  EXPECT_EQ(
      Err(Calls("x\n", "call_id,unit_id,received_at,in_opening_hours,topic,colour\n")),
      "phone_calls.csv:1:52: unknown column 'colour' in phone_calls (columns: call_id, unit_id, received_at, "
      "in_opening_hours, topic, handled_at, handled_by)");
  EXPECT_EQ(Err(Calls("x\n", "call_id,unit_id,received_at,topic\n")),
            "phone_calls.csv:1:1: missing column 'in_opening_hours' in the header");
  EXPECT_EQ(Err(Calls("x\n", "call_id,unit_id,UNIT_ID,received_at\n")),
            "phone_calls.csv:1:17: column 'unit_id' appears twice in the header");
  // Optional columns may be left out, names in any case and order.
  auto t =
      Calls("hc1,c1,2024-01-01 08:00,advice,1\n", "Unit_ID,CALL_ID,received_at,topic,in_opening_hours\n");
  ASSERT_EQ(Err(t), "ok");
  EXPECT_EQ(t->column("handled_by").u8[0], engine::kNullU8);
  EXPECT_EQ(Err(Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\n", "\xEF\xBB\xBF" + std::string(kCallsHeader))),
            "ok");
  EXPECT_EQ(
      Err(Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\n\xff\n", "\xEF\xBB\xBF" + std::string(kCallsHeader))),
      "phone_calls.csv:3:1: not valid UTF-8 although the file starts with a UTF-8 byte order mark");
}

TEST(CsvReaderTest, EncodingsThatCannotBeRead) {
  // UTF-16 is refused by its byte order mark, before its NUL bytes.
  EXPECT_EQ(
      Err(Calls("", std::string("\xFF\xFE"
                                "c\0a\0",
                                6))),
      "phone_calls.csv:1:1: UTF-16 text (the file starts with a UTF-16 byte order mark); save it as UTF-8 or "
      "Windows-1252");
  // UTF-8 on line 2 and a Windows-1252 byte on line 3: no guessing which one is right.
  EXPECT_EQ(Err(Calls("c1,hc1,2024-01-01 08:00,ja,S\xC3\xB6ren,,\nc2,hc1,2024-01-01 08:00,ja,S\xF6ren,,\n")),
            "phone_calls.csv:3:29: not valid UTF-8, though line 2 holds UTF-8 text: the file mixes encodings "
            "(save it "
            "as UTF-8)");
  // Windows-1252 alone is fine.
  auto latin = Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\n",
                     "call_id,unit_id,received_at,in_opening_hours,topic,"
                     "handled_at,handled_by\xA0\n");
  EXPECT_NE(Err(latin).find("unknown column 'handled_by\xC2\xA0'"), std::string::npos) << Err(latin);
  // Two files joined: the second one's byte order mark is on line 3.
  EXPECT_EQ(Err(Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\n\xEF\xBB\xBF"
                      "c2,hc1,2024-01-01 08:00,ja,advice,,\n")),
            "phone_calls.csv:3:1: a byte order mark inside the file (were two files joined?)");
}

TEST(CsvReaderTest, LineEnds) {
  EXPECT_EQ(Err(Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\r\nc2,hc1,2024-01-01 08:00,ja,advice,,\r\n")),
            "ok");
  // Old Mac line ends: a CR alone is refused where it stands.
  EXPECT_EQ(Err(Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\rc2,hc1,2024-01-01 08:00,ja,advice,,\r")),
            "phone_calls.csv:2:36: a line ends with a carriage return alone; lines must end with LF or CRLF");
  // Inside quotes a CR is text (a quoted handled_by value spanning it reads as an unknown staff group).
  auto quoted = Calls("c1,hc1,2024-01-01 08:00,ja,advice,,\"a\rb\"\n");
  EXPECT_EQ(Err(quoted).find("a line ends with a carriage return"), std::string::npos) << Err(quoted);
}

TEST(CsvReaderTest, NulBytes) {
  std::string body("c1,hc1,2024-01-01 08:00,ja,advice,,\0\n", 37);
  EXPECT_EQ(Err(Calls(body)), "phone_calls.csv:2:36: NUL byte in the file (not a text file?)");
}

TEST(CsvReaderTest, LongFieldsAndNegativeCounts) {
  std::string big(70000, 'x');
  EXPECT_EQ(Err(Calls(big + ",hc1,2024-01-01 08:00,ja,advice,,\n")),
            "phone_calls.csv:2:1: field longer than 65536 bytes");
  static const model::OrgTree tree = Tree();
  auto t = ReadTable("vaccinations.csv", "unit_id,date,vaccine,doses\nhc1,2024-01-01,influenza,-3\n",
                     *FindContractTable("vaccinations"), tree);
  EXPECT_EQ(Err(t), "vaccinations.csv:2: column \"doses\" (field 4): -3 is below the minimum 0");
}

TEST(CsvReaderTest, PersonalIdentityNumbersAreRefused) {
  // Synthetic numbers with valid check digits, not real people.
  for (const char* pnr : {"19121212-1212", "121212-1212", "191212121212", "1212121212", "121272-1219"}) {
    EXPECT_TRUE(LooksLikePersonnummer(pnr)) << pnr;
  }
  for (const char* ok : {"P0001", "1212121213", "20241301-1234", "abc-1234", "pk0001"}) {
    EXPECT_FALSE(LooksLikePersonnummer(ok)) << ok;
  }
  static const model::OrgTree tree = Tree();
  auto t = ReadTable(
      "ortho_cases.csv",
      "case_id,unit_id,patient_key,referred_on,treatment_started_on\nk1,dc1,19121212-1212,2024-01-01,\n",
      *FindContractTable("ortho_cases"), tree);
  EXPECT_EQ(Err(t),
            "ortho_cases.csv:2: column \"patient_key\" (field 3): the value looks like a personal identity number "
            "(personnummer); "
            "extracts may hold pseudonyms only");
  EXPECT_EQ(Err(t).find("1212-1212"), std::string::npos) << "the message must not repeat the number";
}

TEST(CsvReaderTest, QuotedNewlinesCountAsLines) {
  static const model::OrgTree tree = Tree();
  auto t = ReadTable("referrals.csv",
                     "referral_id,unit_id,sent_on,svf,correctly_labelled\n\"r\n1\",hc1,2024-01-01,ja,ja\nr2,"
                     "hc1,2024-01-32,ja,ja\n",
                     *FindContractTable("referrals"), tree);
  EXPECT_EQ(Err(t), "referrals.csv:4: column \"sent_on\" (field 3): no such date '2024-01-32'");
}

// Random valid tables written with random dialects read back to the same values.
TEST(CsvReaderTest, RoundTripsRandomDialects) {
  static const model::OrgTree tree = Tree();
  std::mt19937 rng(1);
  for (int round = 0; round < 200; ++round) {
    bool semicolon = rng() % 2, crlf = rng() % 2, bom = rng() % 2;
    char d = semicolon ? ';' : ',';
    std::string nl = crlf ? "\r\n" : "\n";
    std::string csv = bom ? "\xEF\xBB\xBF" : "";
    csv += std::string("unit_id") + d + "year" + d + "index" + d + "value" + d + "respondents" + nl;
    std::vector<double> values;
    std::vector<int64_t> respondents;
    int rows = 1 + static_cast<int>(rng() % 20);
    for (int r = 0; r < rows; ++r) {
      double v = (rng() % 10001) / 100.0;
      int64_t n = rng() % 500;
      values.push_back(v);
      respondents.push_back(n);
      std::string value = std::to_string(v);
      if (semicolon && rng() % 2) value[value.find('.')] = ',';
      std::string unit = rng() % 2 ? "\"hc1\"" : "hc1";
      csv += unit + d + std::to_string(2015 + r) + d + "hme" + d +
             (value.find(',') != std::string::npos ? "\"" + value + "\"" : value) + d + std::to_string(n) +
             nl;
    }
    auto t = ReadTable("surveys.csv", csv, *FindContractTable("surveys"), tree);
    ASSERT_EQ(Err(t), "ok") << csv;
    for (int r = 0; r < rows; ++r) {
      EXPECT_NEAR(t->column("value").f64[r], values[r], 1e-9);
      EXPECT_EQ(t->column("respondents").i64[r], respondents[r]);
      EXPECT_EQ(t->column("year").i32[r], 2015 + r);
    }
  }
}

}  // namespace
}  // namespace nara::ingest

namespace nara::ingest {
namespace {

// A file large enough to be read in parts (several MB): quoted keys with line breaks
// and doubled quotes, Windows-1252 letters, patients that come back on both sides of
// every part boundary. The table must be the one a single pass gives, row by row.
std::string BigCalls(size_t rows, size_t bad_row = SIZE_MAX, const char* bad = nullptr) {
  std::string csv = "call_id;unit_id;received_at;in_opening_hours;topic;handled_at;handled_by\n";
  char line[200];
  for (size_t i = 0; i < rows; ++i) {
    const char* unit = i % 3 == 0 ? "hc1" : "dc1";
    int day = 1 + static_cast<int>(i % 28), minute = static_cast<int>(i % 60);
    if (i == bad_row) {
      csv += bad;
      continue;
    }
    if (i % 1000 == 7) {
      std::snprintf(line, sizeof line, "\"c%zu\n\"\"x\"\"\";%s;2024-05-%02d 08:%02d;ja;advice;;\n", i, unit,
                    day, minute);
    } else {
      std::snprintf(line, sizeof line, "c%zu;%s;2024-05-%02d 08:%02d;nej;%s;2024-05-%02d 09:%02d;callback\n",
                    i, unit, day, minute, i % 2 ? "booking" : "other", day, minute);
    }
    csv += line;
  }
  return csv;
}

TEST(CsvReaderTest, LargeFilesReadInPartsGiveTheSameRows) {
  static const model::OrgTree tree = Tree();
  const size_t rows = 200'000;  // about 13 MB: more than one part per core
  std::string csv = BigCalls(rows);
  ASSERT_GT(csv.size(), 8u << 20);
  ReadOptions keep;
  keep.keep_identifiers = true;
  auto t = ReadTable("phone_calls.csv", csv, *FindContractTable("phone_calls"), tree, keep);
  ASSERT_EQ(Err(t), "ok");
  ASSERT_EQ(t->rows, rows);
  const engine::Column& ids = t->column("call_id");
  const engine::Column& unit = t->column("unit_id");
  const engine::Column& topic = t->column("topic");
  const engine::Column& handled = t->column("handled_at");
  for (size_t i = 0; i < rows; ++i) {
    std::string id = "c" + std::to_string(i);
    if (i % 1000 == 7) id += "\n\"x\"";
    ASSERT_EQ(ids.dictionary[ids.i32[i]], id) << i;
    ASSERT_EQ(unit.i32[i], tree.Find(i % 3 == 0 ? "hc1" : "dc1")) << i;
    ASSERT_EQ(topic.u8[i], i % 1000 == 7 ? 0 : i % 2 ? 1 : 2) << i;
    ASSERT_EQ(handled.i64[i] == engine::kNullI64, i % 1000 == 7) << i;
  }
  EXPECT_EQ(ids.dictionary.size(), rows);
}

// Every problem of a file is told in one read, in file order: several in one row,
// rows with too many fields, duplicate keys, units not valid; up to 100, then a count.
TEST(CsvReaderTest, EveryProblemOfAFileInOneRead) {
  auto t = Calls(
      "c1,hc1,2024-02-30 08:00,kanske,advice,,\n"    // two fields in error
      "c2,hc1,2024-01-01 08:00,ja,advice,,,\n"       // one field too many
      "c1,hc1,2024-01-01 09:00,ja,advice,,\n"        // c1 again
      "c3,hc2,2024-01-01 08:00,ja,advice,,\n");      // hc2 closed in 2023
  ASSERT_FALSE(t.ok());
  const std::vector<Problem>& problems = t.status().problems();
  ASSERT_EQ(problems.size(), 5u) << t.status().message();
  EXPECT_EQ(problems[0].code, Msg::kValueNoSuchDate);
  EXPECT_EQ(problems[0].field, "received_at");
  EXPECT_EQ(problems[0].field_index, 3);
  EXPECT_EQ(problems[1].code, Msg::kValueBool);
  EXPECT_EQ(problems[1].line, 2);
  EXPECT_EQ(problems[2].code, Msg::kCsvFieldCount);
  EXPECT_EQ(problems[2].line, 3);
  EXPECT_EQ(problems[3].code, Msg::kCsvDuplicateKey);
  EXPECT_EQ(problems[3].line, 4);
  EXPECT_EQ(problems[4].code, Msg::kUnitNotValidOnRange);
  EXPECT_EQ(problems[4].line, 5);
  EXPECT_EQ(RenderProblem(problems[0], Lang::kSv),
            "phone_calls.csv:2: kolumn \"received_at\" (fält 3): datumet finns inte: '2024-02-30 08:00'");
  // 150 bad rows: the first 100 told, the rest counted.
  std::string many;
  for (int i = 0; i < 150; ++i) many += "c" + std::to_string(i) + ",hc1,2024-02-30 08:00,ja,advice,,\n";
  auto m = Calls(many);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().problems().size(), 100u);
  EXPECT_EQ(m.status().more_problems(), 50u);
  EXPECT_EQ(m.status().problems().back().line, 101);
  EXPECT_NE(m.status().message().find("… and 50 more problems"), std::string::npos);
}

// The places the store keeps come from the same read, in parts or whole: each row's
// line (quoted line breaks counted), each column's field, the identifiers per row.
TEST(CsvReaderTest, PlacesOfRowsAndIdentifiersComeWithTheRead) {
  static const model::OrgTree tree = Tree();
  const auto& schema = *FindContractTable("phone_calls");
  ReadPlaces small;
  auto t = ReadTable("phone_calls.csv",
                     "unit_id,call_id,received_at,in_opening_hours,topic,handled_at\n"
                     "hc1,\"c\n1\",2024-01-01 08:00,ja,advice,\n"
                     "\n"
                     "hc1, c2 ,2024-01-01 09:00,ja,advice,\n",
                     schema, tree, {}, &small);
  ASSERT_EQ(Err(t), "ok");
  EXPECT_EQ(small.row_lines, (std::vector<int>{2, 5}));
  EXPECT_EQ(small.field_of_column[static_cast<size_t>(schema.Find("call_id"))], 2);
  EXPECT_EQ(small.field_of_column[static_cast<size_t>(schema.Find("handled_by"))], 0);  // absent
  EXPECT_EQ(small.identifiers[static_cast<size_t>(schema.Find("call_id"))],
            (std::vector<std::string>{"c\n1", "c2"}));
  // 200 000 rows are read in parts; the places are those of one pass.
  ReadPlaces big;
  auto b = ReadTable("phone_calls.csv", BigCalls(200'000), schema, tree, {}, &big);
  ASSERT_EQ(Err(b), "ok");
  ASSERT_EQ(big.row_lines.size(), 200'000u);
  const auto& ids = big.identifiers[static_cast<size_t>(schema.Find("call_id"))];
  ASSERT_EQ(ids.size(), 200'000u);
  for (size_t row : {size_t{0}, size_t{7}, size_t{8}, size_t{99'999}, size_t{199'999}}) {
    EXPECT_EQ(big.row_lines[row], static_cast<int>(row + 2 + (row + 992) / 1000)) << row;
  }
  // Parts write their identifiers from the slot of their first line; every row's is
  // where one pass puts it.
  for (size_t row = 0; row < ids.size(); ++row) {
    ASSERT_EQ(ids[row], "c" + std::to_string(row) + (row % 1000 == 7 ? "\n\"x\"" : "")) << row;
  }
}

// With ReadOptions::release the reader hands back what it has passed: disjoint
// ranges inside the bytes that together cover nearly all of them, and the same table
// and places as a read without it; a BOM is not counted twice.
TEST(CsvReaderTest, PassedBytesAreHandedBack) {
  static const model::OrgTree tree = Tree();
  const auto& schema = *FindContractTable("phone_calls");
  for (const std::string& csv : {BigCalls(200'000), "\xEF\xBB\xBF" + BigCalls(1'000)}) {
    std::mutex m;
    std::vector<std::pair<size_t, size_t>> ranges;
    ReadOptions options;
    options.release = [&](size_t offset, size_t length) {
      std::lock_guard<std::mutex> lock(m);
      ranges.emplace_back(offset, offset + length);
    };
    ReadPlaces with, without;
    auto a = ReadTable("phone_calls.csv", csv, schema, tree, options, &with);
    auto b = ReadTable("phone_calls.csv", csv, schema, tree, {}, &without);
    ASSERT_EQ(Err(a), "ok");
    ASSERT_EQ(Err(b), "ok");
    EXPECT_EQ(with.row_lines, without.row_lines);
    EXPECT_EQ(with.identifiers, without.identifiers);
    EXPECT_EQ(a->column("received_at").i64, b->column("received_at").i64);
    ASSERT_FALSE(ranges.empty());
    for (auto [begin, end] : ranges) {
      EXPECT_LT(begin, end);
      EXPECT_LE(end, csv.size());
    }
    // Each pass (the checks of the encoding, counting lines, reading) hands back what
    // it read; the rows' pass covers every byte after the header once.
    size_t read_bytes = 0;
    for (auto [begin, end] : ranges) read_bytes += end - begin;
    EXPECT_GE(read_bytes, csv.size() - 200) << "hardly anything handed back";
  }
}

// A file bad in every row (a date format of the wrong kind, say) is still one pass:
// the first 100 problems are placed, the rest only counted.
TEST(CsvReaderTest, AFileBadInEveryRowIsReadOnce) {
  static const model::OrgTree tree = Tree();
  std::string csv = "call_id;unit_id;received_at;in_opening_hours;topic;handled_at;handled_by\n";
  const size_t rows = 300'000;
  for (size_t i = 0; i < rows; ++i) csv += "c" + std::to_string(i) + ";hc1;5/1 2024 08:00;ja;advice;;\n";
  auto t = ReadTable("phone_calls.csv", csv, *FindContractTable("phone_calls"), tree);
  ASSERT_FALSE(t.ok());
  ASSERT_EQ(t.status().problems().size(), 100u);
  EXPECT_EQ(t.status().more_problems(), rows - 100);
  EXPECT_EQ(t.status().problems()[99].line, 101);
  EXPECT_EQ(t.status().problems()[99].code, Msg::kValueDateTime);
}

TEST(CsvReaderTest, LargeFilesReportTheFirstProblemAsOnePassDoes) {
  static const model::OrgTree tree = Tree();
  const auto& schema = *FindContractTable("phone_calls");
  // Line = row + 2, plus one for each quoted key with a line break before the row.
  auto line_of = [](size_t row) { return row + 2 + (row + 992) / 1000; };
  const size_t late = 180'000;
  auto bad_date = ReadTable("phone_calls.csv",
                            BigCalls(200'000, late, "x1;hc1;2024-02-30 08:00;ja;advice;;\n"), schema, tree);
  EXPECT_EQ(Err(bad_date), "phone_calls.csv:" + std::to_string(line_of(late)) +
                               ": column \"received_at\" (field 3): no such date '2024-02-30 08:00'");
  // A key seen in the first part comes back in the last one.
  auto twice = ReadTable("phone_calls.csv", BigCalls(200'000, late, "c10;hc1;2024-05-02 08:00;ja;advice;;\n"),
                         schema, tree);
  EXPECT_EQ(Err(twice), "phone_calls.csv:" + std::to_string(line_of(late)) +
                            ":1: duplicate key (call_id 'c10'), first seen on line " +
                            std::to_string(line_of(10)));
}

}  // namespace
}  // namespace nara::ingest
