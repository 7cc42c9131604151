// Types of the cdktf jest matchers that setup.js registers (toHaveResourceWithProperties, ...).
import "cdktf/lib/testing/adapters/jest";
