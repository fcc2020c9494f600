'use strict';
// cls-hooked's entry picks an implementation by Node version; there is one here.
module.exports = require('./context.cjs');
