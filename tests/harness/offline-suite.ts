// Loaded before the offline suite (.mocharc.json): it runs without helm. The policy pack renders a Helm Release
// whenever it finds helm (ES_HELM, PATH, the tool cache) and the chart (else it pulls from the release's repository), so a
// warm machine or a runner with helm on PATH would otherwise pull charts from the network in the middle of rule tests.
// Here helm is never found: the pack notes each release as not rendered, and tests that render bring their own helm
// (a stand-in in tests/policy, the real one in npm run test:charts).
process.env.ES_HELM = "/nonexistent/offline-suite-has-no-helm";
