// Registers the cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
const cdktf = require("cdktf");
cdktf.Testing.setupJest();
