if size :over 99999999999999999999G { discard; }
if size :under 1k { stop; }
