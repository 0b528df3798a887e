#!/usr/bin/env python3
"""Fallback data for bench/peers/run when `nara simulate` is not available: copies the
tables the benchmark reads from a contract extract folder, F times over (F a whole
number >= 1), each copy with its row keys made unique by a suffix (_1, _2, ...), so
the result is a valid extract F times the size with the same units and dates.

    scale_extract.py SRC_DIR OUT_DIR F"""
import os
import sys

# table -> key columns that must stay unique across copies (data contract v1).
TABLES = {
    "phone_calls": ["call_id"],
    "assessments": ["contact_id"],
    "chats": ["chat_id"],
    "visits": ["visit_id"],
    "staff": ["employee_key"],
    "dental_exams": ["exam_id"],
}


def main():
    src, out, factor = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for table, keys in TABLES.items():
        with open(os.path.join(src, table + ".csv"), encoding="utf-8") as f:
            header = f.readline()
            lines = f.read().splitlines()
        cols = header.rstrip("\r\n").split(",")
        key_ix = [cols.index(k) for k in keys]
        with open(os.path.join(out, table + ".csv"), "w", encoding="utf-8", newline="") as f:
            f.write(header)
            for copy in range(factor):
                if copy == 0:
                    f.write("\n".join(lines) + "\n")
                    continue
                for line in lines:
                    # Key columns are plain identifiers (no quoting) in the generated extracts.
                    fields = line.split(",")
                    for i in key_ix:
                        fields[i] += f"_{copy}"
                    f.write(",".join(fields) + "\n")


if __name__ == "__main__":
    main()
