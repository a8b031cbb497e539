import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 200 });
chart.setOption({
  animation: false,
  xAxis: { type: 'time' },
  yAxis: { type: 'value' },
  series: [
    {
      type: 'line',
      data: [
        [Date.now(), 1],
        [Date.now() + 1000, 3],
      ],
    },
  ],
});
const svg = chart.renderToSVGString();
const png = new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng();
console.log(svg.length, png.length);
