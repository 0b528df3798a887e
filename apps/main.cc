#include <iostream>

#include "nara/cli/cli.h"

int main(int argc, char** argv) { return nara::cli::RunCli(argc, argv, std::cout, std::cerr); }
