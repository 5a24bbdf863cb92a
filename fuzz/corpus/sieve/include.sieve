require ["include","variables"];
global "g";
include :personal :once "flags";
include :global :optional "missing";
include "self";
return;
