// libFuzzer target for the indicator language: parse, then compile against the data
// contract. Neither may crash, hang or leak on any input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nara/engine/expr.h"
#include "nara/engine/indicator.h"
#include "nara/ingest/contract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = nara::engine::ParseExpression(text);
  if (parsed.ok()) {
    auto compiled = nara::engine::CompiledIndicator::Compile(text, "", "", nara::ingest::FindContractTable);
    (void)compiled;
  }
  return 0;
}
