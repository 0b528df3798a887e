# Turns the clock marks a SQL session prints ("L|<epoch s>" around the load, "C|<epoch s>"
# after each compute) into result lines "load,<size>,<sys>,<r>,<s>" and
# "compute,<size>,<sys>,<i>,<s>" for bench/peers/run. Other output is ignored.
$1 == "L" { if (l0 == "") l0 = $2; else { printf "load,%s,%s,%d,%.6f\n", size, sys, r, $2 - l0; last = $2 }; fflush() }
$1 == "C" { printf "compute,%s,%s,%d,%.6f\n", size, sys, ++c, $2 - last; last = $2; fflush() }
