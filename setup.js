// Registers the cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, ...): what
// cdktf's Testing.setupJest() runs, required from its module directly, so that a suite that never
// synthesizes does not load all of cdktf (~380 modules, archiver's among them) to get them.
require("cdktf/lib/testing/adapters/jest").setupJest();
