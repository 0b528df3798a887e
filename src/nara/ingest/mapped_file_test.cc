#include "nara/ingest/mapped_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace nara::ingest {
namespace {

std::string Folder() {
  auto dir = std::filesystem::temp_directory_path() /
             ("nara-mapped-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void Write(const std::string& path, const std::string& bytes, std::ios::openmode mode = std::ios::trunc) {
  std::ofstream(path, std::ios::binary | mode) << bytes;
}

TEST(MappedFileTest, ReadsTheWholeFileAndStaysReadableAfterRelease) {
  const std::string dir = Folder();
  std::string bytes;
  for (int i = 0; i < 300'000; ++i) bytes += "row " + std::to_string(i) + "\n";
  Write(dir + "/a.csv", bytes);
  auto f = MappedFile::Open(dir + "/a.csv");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->bytes(), bytes);
  // Pages given back come again from the file: the view reads the same bytes.
  f->Release(0, bytes.size());
  f->Release(12345, 1);  // inside one page: nothing to give back, nothing breaks
  f->Release(bytes.size() + 10, 5);
  EXPECT_EQ(f->bytes(), bytes);
  EXPECT_TRUE(f->Unchanged());
  MappedFile moved = std::move(f).value();
  EXPECT_EQ(moved.bytes().size(), bytes.size());
  std::filesystem::remove_all(dir);
}

TEST(MappedFileTest, TellsAFileWrittenWhileMapped) {
  const std::string dir = Folder();
  Write(dir + "/a.csv", "unit_id\nhc1\n");
  auto f = MappedFile::Open(dir + "/a.csv");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->Unchanged());
  Write(dir + "/a.csv", "hc2\n", std::ios::app);
  EXPECT_FALSE(f->Unchanged());
  std::filesystem::remove_all(dir);
}

TEST(MappedFileTest, EmptyMissingAndNotAFile) {
  const std::string dir = Folder();
  Write(dir + "/empty.csv", "");
  auto empty = MappedFile::Open(dir + "/empty.csv");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->bytes().empty());
  empty->Release(0, 100);
  EXPECT_FALSE(MappedFile::Open(dir + "/missing.csv").ok());
  EXPECT_FALSE(MappedFile::Open(dir).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nara::ingest
