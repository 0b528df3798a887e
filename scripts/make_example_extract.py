#!/usr/bin/env python3
"""Writes data/example/: a small, fixed example extract of 2023–2024 for a few of
Halland's units, in data contract v1. It lets `make run` show a living scorecard
before the synthetic region (nara simulate) is in place. The output is committed;
rerun this script only to change it (it is deterministic)."""
import csv, datetime as dt, os, random

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "example")
R = random.Random(2024)
HC = ["vc_kungsbacka", "vc_varberg", "vc_andersberg", "vc_hyltebruk", "vc_capio_kungsbacka"]
DENTAL = ["ftv_halmstad", "ftv_varberg"]
ORTHO = "ftv_tandreglering_halmstad"
DAYS = [dt.date(2023, 1, 1) + dt.timedelta(d) for d in range(731)]
WORKDAYS = [d for d in DAYS if d.weekday() < 5]


def writer(name, header):
    f = open(os.path.join(OUT, name + ".csv"), "w", newline="", encoding="utf-8")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    return w


def stamp(day, minutes):
    return f"{day.isoformat()} {minutes // 60:02d}:{minutes % 60:02d}"


def main():
    os.makedirs(OUT, exist_ok=True)
    w = writer("phone_calls", ["call_id", "unit_id", "received_at", "in_opening_hours", "topic", "handled_at", "handled_by"])
    n = 0
    for unit in HC:
        for day in WORKDAYS:
            for _ in range(R.randint(2, 5)):
                n += 1
                m = R.randint(8 * 60, 16 * 60)
                topic = R.choices(["advice", "booking", "other"], [6, 3, 1])[0]
                if R.random() < 0.93:
                    w.writerow([f"T{n}", unit, stamp(day, m), "ja", topic, stamp(day, min(m + R.randint(5, 300), 23 * 60 + 59)), "callback"])
                else:
                    nxt = day + dt.timedelta(1)
                    w.writerow([f"T{n}", unit, stamp(day, m), "ja", topic, stamp(nxt, 9 * 60), "callback"])
    w = writer("assessments", ["contact_id", "unit_id", "patient_key", "first_contact_date", "assessed_on", "staff_group", "form", "reason", "patient_chosen_wait", "listed_at_unit"])
    n = 0
    for unit in HC:
        for day in WORKDAYS:
            for _ in range(R.randint(1, 3)):
                n += 1
                wait = R.choices([0, 1, 2, 3, 4, 6, 9], [30, 25, 15, 15, 7, 5, 3])[0]
                w.writerow([f"A{n}", unit, f"P{R.randint(1, 9000):05d}", day.isoformat(), (day + dt.timedelta(wait)).isoformat(),
                            R.choice(["doctor", "nurse", "district_nurse"]), R.choice(["clinic", "phone", "video"]),
                            R.choices(["new_problem", "worsening", "failed_treatment", "other"], [6, 2, 1, 1])[0],
                            "ja" if R.random() < 0.05 else "nej", "ja" if R.random() < 0.95 else "nej"])
    w = writer("visits", ["visit_id", "unit_id", "patient_key", "date", "form", "staff_group", "patient_age", "patient_sex", "lifestyle_talk", "medication_review", "drug_count"])
    n = 0
    for unit in HC:
        for day in WORKDAYS:
            for _ in range(R.randint(4, 7)):
                n += 1
                age = min(100, int(R.expovariate(1 / 45)))
                form = R.choices(["clinic", "home", "video", "phone", "chat"], [80, 3, 4, 10, 3])[0]
                w.writerow([f"V{n}", unit, f"P{R.randint(1, 9000):05d}", day.isoformat(), form,
                            R.choice(["doctor", "nurse", "district_nurse", "physiotherapist"]), age, R.choice("FM"),
                            "ja" if R.random() < 0.03 else "nej", "ja" if age >= 75 and R.random() < 0.2 else "nej",
                            R.randint(0, 12)])
    w = writer("chats", ["chat_id", "unit_id", "started_at", "first_reply_at", "kind", "ended_at"])
    n = 0
    for day in DAYS:
        for _ in range(R.randint(10, 20)):
            n += 1
            m = R.randint(7 * 60, 21 * 60)
            wait = int(R.expovariate(1 / 12))
            reply = m + wait
            if reply >= 24 * 60:
                continue
            w.writerow([f"H{n}", "chatt_central", stamp(day, m), stamp(day, reply), R.choice(["chat", "chat", "video"]),
                        stamp(day, min(reply + 10, 23 * 60 + 59))])
    w = writer("bookings", ["booking_id", "unit_id", "at", "action", "channel"])
    n = 0
    for unit in HC + DENTAL:
        for day in WORKDAYS:
            for _ in range(R.randint(1, 4)):
                n += 1
                web = 0.18 + 0.08 * (day.year - 2023) + (0.1 if unit.startswith("ftv") else 0)
                w.writerow([f"B{n}", unit, stamp(day, R.randint(7 * 60, 20 * 60)), R.choice(["book", "book", "cancel", "rebook"]),
                            "web" if R.random() < web else R.choice(["phone", "desk", "staff"])])
    w = writer("dental_exams", ["exam_id", "unit_id", "patient_key", "patient_age", "planned_date", "performed_date", "risk_group", "treatment_plan", "frisktandvard"])
    n = 0
    for unit in DENTAL:
        for day in WORKDAYS:
            for _ in range(R.randint(3, 5)):
                n += 1
                age = R.randint(3, 90)
                late = R.random() < (0.01 if age <= 23 else 0.25)
                performed = day + dt.timedelta(R.randint(35, 90) if late else R.randint(-10, 0))
                risk = R.choices(["green", "yellow", "red"], [6, 3, 1])[0]
                done = performed <= dt.date(2024, 12, 31)
                w.writerow([f"E{n}", unit, f"D{R.randint(1, 6000):05d}", age, day.isoformat(),
                            performed.isoformat() if done else "", risk if done else "",
                            "ja" if risk == "red" and R.random() < 0.6 else "nej",
                            "ja" if age >= 24 and R.random() < 0.36 else "nej"])
    w = writer("ortho_cases", ["case_id", "unit_id", "patient_key", "referred_on", "treatment_started_on"])
    for n in range(400):
        ref = dt.date(2021, 6, 1) + dt.timedelta(R.randint(0, 900))
        start = ref + dt.timedelta(R.randint(300, 600))
        w.writerow([f"O{n}", ORTHO, f"D{R.randint(1, 6000):05d}", ref.isoformat(),
                    start.isoformat() if start <= dt.date(2024, 12, 31) else ""])
    w = writer("referrals", ["referral_id", "unit_id", "sent_on", "svf", "correctly_labelled"])
    for n in range(3000):
        w.writerow([f"R{n}", R.choice(HC), R.choice(WORKDAYS).isoformat(), "ja" if R.random() < 0.3 else "nej",
                    "ja" if R.random() < 0.86 else "nej"])
    months = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)]
    w = writer("record_reviews", ["unit_id", "month", "planned", "performed"])
    for unit in HC:
        for mo in months:
            w.writerow([unit, mo, 20, R.randint(17, 20)])
    w = writer("vaccinations", ["unit_id", "date", "vaccine", "doses"])
    for unit in HC:
        for day in WORKDAYS:
            if day.month in (10, 11, 12):
                w.writerow([unit, day.isoformat(), "influenza", R.randint(10, 40)])
                w.writerow([unit, day.isoformat(), "covid19", R.randint(5, 25)])
    w = writer("listings", ["unit_id", "date", "listed", "care_points"])
    for unit in HC:
        listed = R.randint(6000, 10000)
        for mo in months:
            y, m = map(int, mo.split("-"))
            last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(1))
            listed += R.randint(-20, 60)
            w.writerow([unit, last.isoformat(), listed, round(listed * 1.05, 1)])
    w = writer("staff", ["employee_key", "unit_id", "month", "profession", "employment", "sex", "birth_year", "ordinary_hours", "sick_hours", "hired", "left", "leave_reason"])
    for unit in HC + DENTAL:
        people = [f"M{(HC + DENTAL).index(unit):02d}{k:03d}" for k in range(25)]
        for mo in months:
            for k, p in enumerate(people):
                left = R.random() < 0.012
                w.writerow([p, unit, mo, "dentist" if unit.startswith("ftv") and k < 5 else R.choice(["doctor", "nurse", "district_nurse", "medical_secretary"]),
                            "permanent" if k < 22 else "temporary", R.choice("FM"), R.randint(1960, 1998), 160,
                            R.choice([0, 0, 0, 0, 8, 16]), "nej", "ja" if left else "nej",
                            R.choice(["voluntary", "retirement", "end_of_contract"]) if left else ""])
    w = writer("surveys", ["unit_id", "year", "index", "value", "respondents"])
    for unit in HC + DENTAL:
        for y in (2023, 2024):
            for idx, base in (("hme", 80), ("osa", 66), ("hse", 77)):
                w.writerow([unit, y, idx, round(base + R.uniform(-4, 4), 1), R.randint(15, 30)])
    accounts = {"revenue_capitation": 2_600_000, "revenue_fees": 150_000, "revenue_other": 50_000, "cost_staff": 1_900_000,
                "cost_agency_doctor": 25_000, "cost_agency_nurse": 8_000, "cost_purchased_care": 200_000,
                "cost_premises": 180_000, "cost_supplies": 120_000, "cost_other": 80_000}
    w = writer("ledger", ["unit_id", "month", "account", "scenario", "amount_sek"])
    for unit in HC + DENTAL:
        for mo in months:
            for acc, amount in accounts.items():
                w.writerow([unit, mo, acc, "budget", amount])
                w.writerow([unit, mo, acc, "actual", round(amount * R.uniform(0.93, 1.08))])
    w = writer("forecasts", ["unit_id", "made_in", "year", "result_sek"])
    for unit in HC + DENTAL:
        for mo in months:
            w.writerow([unit, mo, mo[:4], R.randint(-800_000, 1_200_000)])


if __name__ == "__main__":
    main()
