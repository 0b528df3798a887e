// Identity numbers as people type them are found in every text column of an extract;
// the keys and ids that extracts do carry pass. The numbers here are made up (valid
// check digits, not people).
#include "nara/ingest/personnummer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "nara/base/time.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/csv_reader.h"

namespace nara::ingest {
namespace {

TEST(PersonnummerTest, EverySeparatorPeopleType) {
  for (const char* pnr :
       {"19121212-1212", "19121212+1212", "19121212 1212", "19121212\u20131212", "19121212\u20141212",
        "19121212\u22121212", "19121212\u00a01212", "191212121212", "121212-1212", "121212+1212",
        "121212 1212", "121212\u20131212", "1212121212", " 19121212-1212 ", "\t811228-9874"}) {
    EXPECT_TRUE(LooksLikePersonnummer(pnr)) << pnr;
  }
}

TEST(PersonnummerTest, CoordinationNumbersAndLeapDays) {
  EXPECT_TRUE(LooksLikePersonnummer("121272-1219"));  // day 12 + 60
  EXPECT_TRUE(LooksLikePersonnummer("19121272 1219"));
  EXPECT_TRUE(LooksLikePersonnummer("000229-0120"));  // 29 February 2000
  EXPECT_TRUE(LooksLikePersonnummer("200002290120"));
  EXPECT_FALSE(LooksLikePersonnummer("190002290120")) << "1900 was no leap year";
  EXPECT_FALSE(LooksLikePersonnummer("121292-1215")) << "day 32 + 60";
}

TEST(PersonnummerTest, WhatIsNotOne) {
  for (const char* ok : {"P0001",
                         "P000123",
                         "1212121213",
                         "19121212-1213",
                         "20241301-1234",
                         "abc-1234",
                         "pk0001",
                         "20240315-0042",  // a date and a serial: the check digit is wrong
                         "2403150042",
                         "12345678901",
                         "1234567890123",
                         "19121212--1212",
                         "19121212-12120",
                         "191212-121212",
                         "1912121212",
                         "21121212-1212",
                         "17121212-1212",
                         "1212121212x",
                         "V12-1212121212",
                         "Pa1b2c3d4e5f",
                         ""}) {
    EXPECT_FALSE(LooksLikePersonnummer(ok)) << ok;
  }
}

// A made-up number: a random date of birth (or coordination day), a serial and the
// check digit that fits. Every form of it is found; with any other check digit, none.
TEST(PersonnummerTest, RandomNumbersInEveryForm) {
  std::mt19937_64 rng(11);
  auto digits = [](int v, int n) {
    std::string s = std::to_string(v);
    return std::string(static_cast<size_t>(n) - s.size(), '0') + s;
  };
  for (int i = 0; i < 2000; ++i) {
    const int year = 1900 + static_cast<int>(rng() % 124), month = 1 + static_cast<int>(rng() % 12);
    int day = 1 + static_cast<int>(rng() % static_cast<uint64_t>(DaysInMonth(year, month)));
    if (rng() % 4 == 0) day += 60;
    const std::string nine =
        digits(year % 100, 2) + digits(month, 2) + digits(day, 2) + digits(static_cast<int>(rng() % 1000), 3);
    int check = 0;
    for (; check < 10; ++check) {
      int sum = 0;
      const std::string ten = nine + static_cast<char>('0' + check);
      for (size_t k = 0; k < 10; ++k) {
        int d = (ten[k] - '0') * (k % 2 == 0 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
      }
      if (sum % 10 == 0) break;
    }
    const std::string century = digits(year / 100, 2);
    for (int wrong = 0; wrong < 10; ++wrong) {
      const std::string ten = nine + static_cast<char>('0' + wrong);
      const std::string date = ten.substr(0, 6), serial = ten.substr(6);
      for (const std::string& form : {ten, century + ten, date + "-" + serial, century + date + "-" + serial,
                                      century + date + " " + serial, date + "\u2013" + serial}) {
        ASSERT_EQ(LooksLikePersonnummer(form), wrong == check) << form;
      }
    }
  }
}

// The keys and ids extracts carry: the simulator's pseudonyms (a letter and 11 hex
// digits) and ids (a letter, the unit's number, '-', a serial), and the kind of keys
// people make (P000123).
TEST(PersonnummerTest, RandomKeysPass) {
  std::mt19937_64 rng(3);
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 100000; ++i) {
    std::string pseudonym(1, "PE"[rng() % 2]);
    for (int k = 0; k < 11; ++k) pseudonym += hex[rng() % 16];
    EXPECT_FALSE(LooksLikePersonnummer(pseudonym)) << pseudonym;
    const std::string id = std::string(1, "VHDBOCR"[rng() % 7]) + std::to_string(rng() % 100) + "-" +
                           std::to_string(rng() % 100000000000ULL);
    EXPECT_FALSE(LooksLikePersonnummer(id)) << id;
    const std::string key = "P" + std::to_string(rng() % 10000000000000ULL);
    EXPECT_FALSE(LooksLikePersonnummer(key)) << key;
  }
}

model::OrgTree Tree() {
  model::UnitVersion v;
  v.id = "hc1";
  v.name = "hc1";
  v.valid_from = DaysFromCivil(2015, 1, 1);
  v.valid_to = model::kOpenEnded;
  model::UnitVersion r = v;
  r.id = r.name = "r";
  v.parent_id = "r";
  return *model::OrgTree::Build({r, v});
}

std::string Read(const char* table, const std::string& csv) {
  static const model::OrgTree tree = Tree();
  auto t = ReadTable(std::string(table) + ".csv", csv, *FindContractTable(table), tree);
  return t.ok() ? "ok" : t.status().message();
}

const char* kPersonnummer =
    ": the value looks like a personal identity number (personnummer); extracts may hold pseudonyms only";

// Refused in any text column, keys and ids alike, with the column named and the number
// not repeated.
TEST(PersonnummerTest, RefusedInEveryTextColumn) {
  const std::string visits =
      "visit_id,unit_id,patient_key,date,form,staff_group,patient_age,patient_sex,"
      "lifestyle_talk,medication_review,drug_count\n";
  const std::string visit = ",2024-01-10,clinic,doctor,40,F,ja,nej,\n";
  EXPECT_EQ(Read("visits", visits + "v1,hc1,19121212 1212" + visit),
            std::string("visits.csv:2: column \"patient_key\" (field 3)") + kPersonnummer);
  EXPECT_EQ(Read("visits", visits + "v1,hc1,19121212\u20131212" + visit),
            std::string("visits.csv:2: column \"patient_key\" (field 3)") + kPersonnummer);
  EXPECT_EQ(Read("visits", visits + "19121212-1212,hc1,P000123" + visit),
            std::string("visits.csv:2: column \"visit_id\" (field 1)") + kPersonnummer);
  // Not a unit, and not to be repeated in the message that says so.
  EXPECT_EQ(Read("visits", visits + "v1,121212-1212,P000123" + visit),
            std::string("visits.csv:2: column \"unit_id\" (field 2)") + kPersonnummer);
  const std::string calls = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";
  const std::string message = Read("phone_calls", calls + "191212121212,hc1,2024-01-02 08:00,ja,advice,,\n");
  EXPECT_EQ(message, std::string("phone_calls.csv:2: column \"call_id\" (field 1)") + kPersonnummer);
  EXPECT_EQ(message.find("1212"), std::string::npos) << "the message must not repeat the number";
  EXPECT_EQ(Read("staff",
                 "employee_key,unit_id,month,profession,employment,sex,birth_year,ordinary_hours,"
                 "sick_hours,hired,left,leave_reason\n"
                 "811228-9874,hc1,2024-01,nurse,permanent,F,1981,160,0,nej,nej,\n"),
            std::string("staff.csv:2: column \"employee_key\" (field 1)") + kPersonnummer);
  EXPECT_EQ(Read("units",
                 "unit_id,name,parent_id,kind,municipality_code,ownership,valid_from,valid_to\n"
                 "r,Region,,region,,public,2000-01-01,\n"
                 "hc9,121212-1212,r,health_centre,1380,public,2000-01-01,\n"),
            std::string("units.csv:3: column \"name\" (field 2)") + kPersonnummer);
  // Keys like these pass.
  EXPECT_EQ(Read("visits", visits + "V12-20240315,hc1,P000123" + visit), "ok");
  EXPECT_EQ(Read("visits", visits + "20240315-0042,hc1,Pa1b2c3d4e5f" + visit), "ok");
}

}  // namespace
}  // namespace nara::ingest
