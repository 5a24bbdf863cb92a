"""Counts test cases in JUnit XML files (Meson with GoogleTest, pytest, fuzz smoke) and prints
"N passed, N failed, N skipped". Exits 1 when any failed or no test ran."""
import sys
import xml.etree.ElementTree as ET


def count(path):
    passed = failed = skipped = 0
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        print(f"{path}: unreadable results ({e})", file=sys.stderr)
        return 0, 1, 0
    for case in root.iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
            print(f"FAILED: {case.get('classname', '')}.{case.get('name', '')}", file=sys.stderr)
        elif "skipped" in tags:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(paths):
    totals = [0, 0, 0]
    for path in paths:
        counts = count(path)
        print(f"  {path.rsplit('/', 1)[-1]}: {counts[0]} passed, {counts[1]} failed, {counts[2]} skipped")
        totals = [a + b for a, b in zip(totals, counts)]
    passed, failed, skipped = totals
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
