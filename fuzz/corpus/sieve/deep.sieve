if not not not not anyof(allof(true, false), not false) { if true { if true { keep; } } }
