#include "nara/store/internal_control.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "nara/store/store.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

using testing::TempDir;

const Actor kEva{"eva", "10.0.0.7"};

InternalControl OpenRegister(const TempDir& dir) {
  auto store = Store::Open(dir / "nara.db", /*create=*/true);
  EXPECT_TRUE(store.ok()) << store.status().message();
  auto ic = InternalControl::Open(dir / "nara.db");
  EXPECT_TRUE(ic.ok()) << ic.status().message();
  return std::move(ic).value();
}

// A count straight from the tables, apart from the class's own reading.
int64_t Count(const TempDir& dir, const std::string& sql) {
  auto db = Database::Open(dir / "nara.db", /*create=*/false);
  EXPECT_TRUE(db.ok());
  auto n = db->QueryInt(sql);
  EXPECT_TRUE(n.ok()) << n.status().message();
  return *n;
}

IcRisk Risk(std::string title, int p, int c) {
  IcRisk r;
  r.year = 2024;
  r.unit_id = "nsh";
  r.title = std::move(title);
  r.description = "Beskrivning";
  r.probability = p;
  r.consequence = c;
  r.owner = "Förvaltningschef";
  return r;
}

TEST(InternalControlTest, RisksControlsAndResultsWrittenChangedRemoved) {
  TempDir dir;
  InternalControl ic = OpenRegister(dir);
  auto low = ic.PutRisk(Risk("Lokaler", 2, 2), kEva);
  ASSERT_TRUE(low.ok()) << low.status().message();
  auto high = ic.PutRisk(Risk("Kompetensförsörjning", 4, 3), kEva);
  ASSERT_TRUE(high.ok());
  auto same = ic.PutRisk(Risk("Ekonomi", 2, 2), kEva);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(high->risk_value(), 12);

  // Highest risk value first, then by id (the two of value 4 in the order written).
  auto reg = ic.Register(2024);
  ASSERT_TRUE(reg.ok());
  ASSERT_EQ(reg->size(), 3u);
  EXPECT_EQ((*reg)[0].id, high->id);
  EXPECT_EQ((*reg)[1].id, low->id);
  EXPECT_EQ((*reg)[2].id, same->id);
  EXPECT_TRUE(ic.Register(2023)->empty());

  // Changed: a new probability moves it; the year stays the risk's.
  IcRisk changed = *low;
  changed.probability = 4;
  changed.consequence = 4;
  changed.year = 2030;
  auto stored = ic.PutRisk(changed, kEva);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->year, 2024);
  EXPECT_EQ(ic.Register(2024)->front().id, low->id);
  EXPECT_EQ(Count(dir, "SELECT probability * consequence FROM ic_risks WHERE title = 'Lokaler'"), 16);

  IcRisk bad = Risk("Fel", 5, 1);
  EXPECT_EQ(ic.PutRisk(bad, kEva).status().code(), StatusCode::kInvalidArgument);
  IcRisk unknown = Risk("Okänd", 1, 1);
  unknown.id = 999;
  EXPECT_EQ(ic.PutRisk(unknown, kEva).status().code(), StatusCode::kNotFound);

  IcControl c;
  c.risk_id = high->id;
  c.what = "Uppföljning av bemanning";
  c.how = "Genomgång av bemanningsplaner";
  c.frequency = "tertial";
  c.responsible = "HR-chef";
  auto control = ic.PutControl(c, kEva);
  ASSERT_TRUE(control.ok()) << control.status().message();
  c.frequency = "weekly";
  EXPECT_EQ(ic.PutControl(c, kEva).status().code(), StatusCode::kInvalidArgument);
  c.frequency = "monthly";
  c.risk_id = 999;
  EXPECT_EQ(ic.PutControl(c, kEva).status().code(), StatusCode::kNotFound);

  // Results: one per period, a second replaces the first; a deviation needs a text.
  IcResult r1{"2024-T1", "done", "", "", ""};
  ASSERT_TRUE(ic.PutResult(control->id, r1, kEva).ok());
  IcResult r1b{"2024-T1", "deviation", "Två enheter saknar plan", "", ""};
  auto put = ic.PutResult(control->id, r1b, kEva);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->by, "eva");
  EXPECT_EQ(put->at.size(), 20u);  // 2024-05-02T09:14:00Z
  IcResult no_text{"2024-T2", "not_done", " ", "", ""};
  EXPECT_EQ(ic.PutResult(control->id, no_text, kEva).status().message(), "text_required");
  IcResult other_year{"2023-T2", "done", "", "", ""};
  EXPECT_EQ(ic.PutResult(control->id, other_year, kEva).status().message(), "period");
  IcResult t2{"2024-T2", "done", "", "", ""};
  ASSERT_TRUE(ic.PutResult(control->id, t2, kEva).ok());
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_results"), 2);
  auto found = ic.FindControl(control->id);
  ASSERT_TRUE(found.ok() && found->has_value());
  ASSERT_EQ((*found)->results.size(), 2u);
  EXPECT_EQ((*found)->results[0].outcome, "deviation");
  EXPECT_EQ((*found)->results[0].text, "Två enheter saknar plan");
  EXPECT_EQ((*found)->results[1].period, "2024-T2");

  // A second control, removed alone; then the risk with the rest.
  c.risk_id = high->id;
  auto second = ic.PutControl(c, kEva);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(ic.RemoveControl(second->id, kEva).ok());
  EXPECT_EQ(ic.RemoveControl(second->id, kEva).code(), StatusCode::kNotFound);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_controls"), 1);
  ASSERT_TRUE(ic.RemoveRisk(high->id, kEva).ok());
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_controls"), 0);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_results"), 0);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_risks"), 2);

  // Every change an audit entry, by whom, from where.
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_risk_written' AND by = 'eva' AND "
                       "client = '10.0.0.7'"),
            3);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_risk_changed'"), 1);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_control_written'"), 2);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_result_written'"), 2);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_result_changed'"), 1);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_control_removed'"), 1);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_risk_removed'"), 1);
}

constexpr const char* kCsv =
    "\xEF\xBB\xBF# Exempel\r\n"
    "risk_title;unit_id;risk_description;probability;consequence;owner;board_prioritised;control_what;control_how;"
    "frequency;responsible;result_T1;text_T1;result_T2;text_T2;result_T3;text_T3\r\n"
    "Kompetensförsörjning;nsh;Brist på läkare;4;3;Förvaltningschef;ja;Bemanning;Planer;tertial;HR-chef;done;;"
    "deviation;\"Två enheter; saknar plan\";;\r\n"
    "Kompetensförsörjning;nsh;Brist på läkare;4;3;Förvaltningschef;ja;Rekrytering;;yearly;HR-chef;;;;;;\r\n"
    "Lokaler;vch;\"Lokaler \"\"ej\"\" ändamålsenliga\";2;2;Fastighetschef;nej;;;;;;;;;;\r\n";

TEST(InternalControlTest, CsvImportExportRoundTrip) {
  TempDir dir;
  InternalControl ic = OpenRegister(dir);
  const std::set<std::string> units = {"nsh", "vch"};
  auto risks = ParseIcCsv(kCsv, 2024, &units);
  ASSERT_TRUE(risks.ok()) << risks.status().message();
  ASSERT_EQ(risks->size(), 2u);
  EXPECT_EQ((*risks)[0].controls.size(), 2u);
  EXPECT_EQ((*risks)[1].description, "Lokaler \"ej\" ändamålsenliga");
  auto counts = ic.Import(2024, *risks, false, kEva);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(counts->risks, 2);
  EXPECT_EQ(counts->controls, 2);
  EXPECT_EQ(counts->results, 2);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_risks WHERE year = 2024"), 2);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_results WHERE outcome = 'deviation' AND "
                       "text = 'Två enheter; saknar plan' AND period = '2024-T2'"),
            1);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action = 'ic_imported' AND by = 'eva'"), 1);

  // The export is the file normalised: no BOM or comment, LF, `;`, "ja"/"nej".
  const std::string exported = IcCsv(*ic.Register(2024));
  const std::string expected =
      "risk_title;unit_id;risk_description;probability;consequence;owner;board_prioritised;control_what;control_how;"
      "frequency;responsible;result_T1;text_T1;result_T2;text_T2;result_T3;text_T3\n"
      "Kompetensförsörjning;nsh;Brist på läkare;4;3;Förvaltningschef;ja;Bemanning;Planer;tertial;HR-chef;done;;"
      "deviation;\"Två enheter; saknar plan\";;\n"
      "Kompetensförsörjning;nsh;Brist på läkare;4;3;Förvaltningschef;ja;Rekrytering;;yearly;HR-chef;;;;;;\n"
      "Lokaler;vch;\"Lokaler \"\"ej\"\" ändamålsenliga\";2;2;Fastighetschef;nej;;;;;;;;;;\n";
  EXPECT_EQ(exported, expected);

  // Without replace a second import is refused and nothing changes; with it the year
  // holds the file's register only.
  auto again = ic.Import(2024, *risks, false, kEva);
  EXPECT_EQ(again.status().message(), "register_exists");
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_risks"), 2);
  auto reread = ParseIcCsv(exported, 2024, &units);
  ASSERT_TRUE(reread.ok());
  const int64_t last_risk = Count(dir, "SELECT MAX(id) FROM ic_risks");
  const int64_t last_control = Count(dir, "SELECT MAX(id) FROM ic_controls");
  ASSERT_TRUE(ic.Import(2024, *reread, true, kEva).ok());
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_risks"), 2);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_controls"), 2);
  // A replaced register's ids are never given again (a page holding one changes nothing
  // that is not what it showed).
  EXPECT_EQ(Count(dir, "SELECT MIN(id) FROM ic_risks"), last_risk + 1);
  EXPECT_EQ(Count(dir, "SELECT MIN(id) FROM ic_controls"), last_control + 1);
  EXPECT_EQ(IcCsv(*ic.Register(2024)), expected);
}

TEST(InternalControlTest, BadCsvRefusedWithLineAndColumnNothingStored) {
  TempDir dir;
  InternalControl ic = OpenRegister(dir);
  const std::set<std::string> units = {"nsh"};
  const std::string csv =
      "risk_title,unit_id,risk_description,probability,consequence,owner,board_prioritised,control_what,control_how,"
      "frequency,responsible,result_T1,text_T1,result_T2,text_T2,result_T3,text_T3\n"
      "A,nsh,,4,3,Ägare,ja,Kontroll,,tertial,X,,,,,,\n"
      "B,nsh,,5,3,Ägare,ja,Kontroll,,tertial,X,,,,,,\n"
      "C,xyz,,1,1,Ägare,kanske,Kontroll,,weekly,X,deviation,,,,,\n"
      "A,nsh,,4,2,Ägare,ja,Annan,,tertial,X,,,,,,\n";
  auto parsed = ParseIcCsv(csv, 2024, &units);
  ASSERT_FALSE(parsed.ok());
  std::vector<std::string> places;
  for (const Problem& p : parsed.status().problems()) {
    places.push_back(std::to_string(p.line) + ":" + p.field + ":" + MessageCode(p.code));
  }
  EXPECT_EQ(places, (std::vector<std::string>{"3:probability:value_above_maximum",
                                              "4:unit_id:value_unknown_unit", "4:board_prioritised:value_bool",
                                              "4:frequency:value_not_one_of", "4:text_T1:ic_text_required",
                                              "5:risk_title:ic_risk_differs"}));
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM ic_risks"), 0);
  EXPECT_EQ(Count(dir, "SELECT COUNT(*) FROM audit WHERE action LIKE 'ic_%'"), 0);

  auto missing = ParseIcCsv("risk_title;unit_id\nA;nsh\n", 2024, &units);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().problems().front().code, Msg::kCsvMissingColumn);
}

}  // namespace
}  // namespace nara::store
