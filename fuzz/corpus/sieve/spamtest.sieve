require ["spamtestplus","virustest","relational","comparator-i;ascii-numeric"];
if spamtest :percent :value "ge" :comparator "i;ascii-numeric" "40" { discard; }
if virustest :value "eq" :comparator "i;ascii-numeric" "1" { keep; }
