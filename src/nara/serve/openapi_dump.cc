// Writes nara's OpenAPI document (what /api/openapi.json answers) to the file named on
// the command line, or to standard output: ctest's web_openapi validates it with
// web/tests/openapi.mjs.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "nara/serve/openapi.h"

int main(int argc, char** argv) {
  const std::string& doc = nara::serve::OpenApiDocument();
  if (argc < 2) {
    std::cout << doc << '\n';
    return std::cout ? 0 : 1;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << doc << '\n';
  out.close();
  if (!out) {
    std::fprintf(stderr, "nara_openapi_dump: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
